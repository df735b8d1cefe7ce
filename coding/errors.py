"""Errors a researcher can act on. Each message says what went wrong and what to do next."""

from __future__ import annotations


class CodingError(Exception):
    pass


class NoSuchCode(CodingError):
    def __init__(self, code_id: str, suggestions: list[str] | None = None):
        hint = f"did you mean {' or '.join(suggestions)}? " if suggestions else ""
        super().__init__(f'code "{code_id}" does not exist; {hint}list codes with: telaah codebook')


class AmbiguousCode(CodingError):
    def __init__(self, label: str, ids: list[str]):
        super().__init__(
            f'"{label}" names {len(ids)} codes ({", ".join(ids)}); give the code id instead'
        )


class NotYours(CodingError):
    """Work belongs to the coder who made it; another coder needs an explicit override."""

    def __init__(self, what: str, owner: str, coder: str):
        super().__init__(
            f"{what} belongs to {owner}; {coder} may change only their own work "
            "(pass --as-admin to override; the audit trail records it)"
        )
        self.owner = owner


class NoSuchMemo(CodingError):
    def __init__(self, memo_id: str):
        super().__init__(f'memo "{memo_id}" does not exist; list memos with: telaah memo list')


class NoSuchPassage(CodingError):
    def __init__(self, passage_id: str):
        super().__init__(
            f'passage "{passage_id}" does not exist; find passages with: telaah search WORDS'
        )


class NoSuchCoding(CodingError):
    def __init__(self, coding_id: str):
        super().__init__(f'coding "{coding_id}" does not exist; list codings with: telaah codings')


class BadSpan(CodingError):
    pass


class BadCodebook(CodingError):
    """A codebook file or code that cannot be used as given; the message names the field."""


class CodeExists(CodingError):
    def __init__(self, code_id: str):
        super().__init__(
            f'code "{code_id}" already exists; pick another id, or merge with: '
            f"telaah codebook merge SOURCE {code_id}"
        )


class CodeInUse(CodingError):
    pass


class RetiredPassage(CodingError):
    def __init__(self, passage_id: str, new_id: str | None):
        where = f'its text is now passage "{new_id}"' if new_id else "its text is gone"
        super().__init__(
            f'passage "{passage_id}" was replaced when its document was ingested again; '
            f"{where}; see it with: telaah show {new_id or 'PASSAGE_ID'}"
        )


class MissingCoder(CodingError):
    def __init__(self) -> None:
        super().__init__("say who is coding: add --coder NAME (or set TELAAH_CODER)")


class NoSuchSuggestion(CodingError):
    def __init__(self, suggestion_id: str):
        super().__init__(
            f'suggestion "{suggestion_id}" does not exist; list them with: telaah suggest --json'
        )


class NoModel(CodingError):
    pass


class NotEnoughCodings(CodingError):
    pass


class NotEnoughCoders(CodingError):
    pass


class BadOrder(CodingError):
    """An order of review that does not exist."""
