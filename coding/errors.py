"""Errors a researcher can act on. Each message says what went wrong and what to do next."""

from __future__ import annotations


class CodingError(Exception):
    pass


class NoSuchCode(CodingError):
    def __init__(self, code_id: str):
        super().__init__(f'code "{code_id}" does not exist; list codes with: telaah codebook')


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
