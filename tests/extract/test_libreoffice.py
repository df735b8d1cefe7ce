"""Acceptance on PDFs from another producer: LibreOffice Writer, not our reportlab generator.

Two documents are written here as Writer flat XML (.fodt) with our own Indonesian text and
converted with ``soffice --headless --convert-to pdf``:

- a thesis chapter (BAB IV HASIL DAN PEMBAHASAN): numbered sub-headings, a running header
  on every page, page numbers in the footer from 62, Writer footnotes, a paragraph that runs
  across a page break; title and author only in the document properties;
- a two-column journal article: title, authors with affiliations and the abstract spanning
  the page, then a two-column section (Pendahuluan ... Daftar Pustaka), a running header
  with the journal's name, page numbers from 115, and soft hyphens (U+00AD) in long words
  so that Writer hyphenates at line ends.

Writer does the layout, so the page each paragraph starts on is read back from the PDF
with bare pdfplumber (the opening words of the paragraph in content-stream order), not
from our extractor. The truth is an :class:`tools.synthetic.Truth` and is scored with
:func:`tools.evaluate.score_truth`, as the reportlab samples are.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pdfplumber
import pytest

from extract import extract_file
from tools.evaluate import score_truth
from tools.synthetic import Truth, TruthParagraph, syllable_breaks

SOFT = "\u00ad"

# --- text (written for these tests) -------------------------------------------------

THESIS_TITLE = (
    "Netralitas Aparatur Sipil Negara dalam Pemilihan Bupati Kabupaten Tanjung Harapan Tahun 2024"
)
THESIS_AUTHOR = "Fajar Nugraha Siregar"
THESIS_HEADER = "Netralitas ASN dalam Pemilihan Bupati Tanjung Harapan"

# Paragraph texts; {n} marks where footnote n is cited.
THESIS = [
    ("heading", "4.1 Gambaran Umum Lokasi Penelitian"),
    (
        "body",
        "Kabupaten Tanjung Harapan terletak di pesisir timur provinsi dan terdiri atas "
        "empat belas kecamatan dengan jumlah penduduk sekitar enam ratus ribu jiwa. "
        "Pemerintah kabupaten mempekerjakan kurang lebih tujuh ribu aparatur sipil negara "
        "yang tersebar di dinas, badan, kecamatan, sekolah, dan puskesmas. Sebagian besar "
        "pegawai tinggal di desa tempat mereka bertugas, sehingga mereka dikenal luas oleh "
        "warga dan sering dimintai pendapat tentang urusan kemasyarakatan.",
    ),
    (
        "body",
        "Pada pemilihan bupati tahun 2024, tiga pasangan calon bersaing memperebutkan "
        "jabatan kepala daerah. Salah satu pasangan merupakan petahana yang telah memimpin "
        "kabupaten selama lima tahun, sedangkan dua pasangan lainnya berasal dari kalangan "
        "pengusaha dan mantan anggota dewan.{1} Kehadiran petahana membuat birokrasi berada "
        "dalam posisi yang sulit karena atasan para pegawai adalah pejabat yang diangkat "
        "oleh bupati yang sedang mencalonkan diri kembali.",
    ),
    (
        "body",
        "Badan Pengawas Pemilihan Umum kabupaten mencatat dua puluh tiga dugaan pelanggaran "
        "netralitas selama tahapan kampanye. Laporan itu datang dari masyarakat, pengawas "
        "kecamatan, dan temuan patroli pengawasan di media sosial. Sebagian besar dugaan "
        "menyangkut unggahan dukungan di akun pribadi pegawai, kehadiran dalam kegiatan "
        "kampanye, dan penggunaan fasilitas kantor untuk pertemuan tim pemenangan.",
    ),
    ("heading", "4.2 Bentuk Pelanggaran Netralitas Pegawai"),
    (
        "body",
        "Temuan lapangan menunjukkan bahwa pelanggaran yang paling sering terjadi adalah "
        "keterlibatan pegawai di media sosial. Seorang guru sekolah dasar, misalnya, "
        "membagikan foto dirinya bersama calon bupati lengkap dengan simbol jari yang "
        "menunjukkan nomor urut pasangan tersebut. Ketika diperiksa, guru itu menyatakan "
        "tidak mengetahui bahwa tindakan sederhana semacam itu termasuk pelanggaran kode "
        "etik pegawai.{2}",
    ),
    (
        "body",
        "Bentuk pelanggaran kedua adalah kehadiran pegawai dalam acara kampanye terbatas. "
        "Beberapa kepala seksi di kantor kecamatan mengaku datang ke pertemuan warga yang "
        "ternyata diisi oleh juru kampanye salah satu pasangan. Mereka berdalih hadir "
        "sebagai undangan dari tokoh desa, bukan sebagai pendukung, tetapi foto kegiatan "
        "menunjukkan mereka duduk di barisan depan dan mengenakan atribut kampanye.",
    ),
    (
        "body",
        "Pelanggaran ketiga lebih sulit dibuktikan, yaitu pengarahan secara lisan dari "
        "atasan kepada bawahan. Informan dari sebuah dinas teknis menuturkan bahwa dalam "
        "rapat rutin pimpinan menyinggung pentingnya menjaga kesinambungan program "
        "pembangunan. Pesan itu dipahami oleh para pegawai sebagai ajakan untuk memilih "
        "petahana, walaupun tidak ada kalimat yang secara terang menyebut nama calon.",
    ),
    (
        "body",
        "Pengawas pemilihan mengakui bahwa pengarahan terselubung semacam ini hampir tidak "
        "pernah dilaporkan. Pegawai yang merasa tertekan memilih diam karena takut "
        "kehilangan jabatan atau dipindahkan ke wilayah terpencil. Tanpa laporan dan bukti "
        "tertulis, pengawas hanya dapat memberikan imbauan umum kepada seluruh kepala "
        "perangkat daerah agar menjaga jarak dari kegiatan politik praktis.{3}",
    ),
    ("heading", "4.3 Faktor Penyebab Pelanggaran"),
    (
        "body",
        "Faktor pertama yang ditemukan adalah ketergantungan karier pegawai pada kepala "
        "daerah. Bupati sebagai pejabat pembina kepegawaian memiliki kewenangan untuk "
        "mengangkat, memindahkan, dan memberhentikan pejabat struktural. Kewenangan ini "
        "menciptakan hubungan patron dan klien antara calon petahana dengan birokrasi, "
        "sehingga dukungan politik dianggap sebagai jalan untuk mempertahankan atau "
        "memperoleh jabatan.",
    ),
    (
        "body",
        "Faktor kedua adalah ikatan kekeluargaan dan kedaerahan. Di beberapa kecamatan, "
        "pegawai memiliki hubungan darah atau perkawinan dengan tim pemenangan calon "
        "tertentu. Dalam suasana seperti itu, menolak ajakan keluarga untuk menghadiri "
        "pertemuan dipandang sebagai sikap yang tidak sopan. Seorang informan menyebut "
        "bahwa ia lebih takut dikucilkan keluarga besar daripada menerima teguran dari "
        "pengawas pemilihan.",
    ),
    (
        "body",
        "Faktor ketiga adalah rendahnya pemahaman pegawai terhadap aturan netralitas. "
        "Sosialisasi yang dilakukan pemerintah daerah umumnya berupa surat edaran yang "
        "dibacakan dalam apel pagi, tanpa penjelasan tentang contoh perbuatan yang "
        "dilarang. Akibatnya banyak pegawai menganggap netralitas hanya berarti tidak "
        "menjadi anggota partai politik, sementara menyukai unggahan kampanye atau "
        "berfoto dengan calon dianggap sebagai urusan pribadi.",
    ),
    (
        "body",
        "Faktor keempat berkaitan dengan lemahnya sanksi. Rekomendasi yang dikirim oleh "
        "pengawas kepada komisi yang membidangi aparatur sipil negara tidak selalu "
        "ditindaklanjuti oleh pejabat pembina kepegawaian.{4} Ketika pejabat yang berwenang "
        "menjatuhkan sanksi justru merupakan calon yang diuntungkan oleh pelanggaran, "
        "proses penegakan aturan kehilangan daya paksanya dan pegawai lain melihat bahwa "
        "pelanggaran tidak membawa akibat apa pun.",
    ),
    (
        "body",
        "Keempat faktor tersebut saling menguatkan. Pegawai yang kariernya bergantung pada "
        "atasan, yang keluarganya terlibat dalam tim pemenangan, dan yang tidak memahami "
        "batas perbuatan yang dilarang berada dalam posisi paling rentan. Kerentanan itu "
        "semakin besar ketika mereka melihat rekan kerja yang melanggar tetap dipromosikan "
        "setelah pemilihan selesai.",
    ),
    ("heading", "4.4 Pembahasan"),
    (
        "body",
        "Temuan penelitian ini sejalan dengan pandangan bahwa netralitas birokrasi tidak "
        "dapat dijamin hanya dengan larangan tertulis. Selama jabatan pegawai ditentukan "
        "oleh pejabat politik, selalu ada dorongan bagi pegawai untuk menunjukkan kesetiaan "
        "menjelang pemilihan. Oleh karena itu, pemisahan yang tegas antara jabatan politik "
        "dan manajemen karier pegawai menjadi syarat yang tidak dapat ditawar.",
    ),
    (
        "body",
        "Selain perbaikan kelembagaan, pengawasan juga perlu menjangkau ruang digital "
        "secara lebih sistematis. Pengawas kecamatan di Tanjung Harapan hanya berjumlah "
        "tiga orang, sedangkan jumlah akun media sosial pegawai mencapai ribuan. Kerja sama "
        "dengan inspektorat daerah dan pemanfaatan kanal pengaduan daring dapat membantu "
        "mempersempit celah tersebut, asalkan identitas pelapor benar-benar dilindungi.",
    ),
    (
        "body",
        "Pendidikan netralitas sebaiknya tidak berhenti pada pembacaan surat edaran. "
        "Pegawai membutuhkan contoh konkret tentang apa yang boleh dan tidak boleh "
        "dilakukan, misalnya perbedaan antara menghadiri debat publik sebagai warga dan "
        "menghadiri rapat tim pemenangan. Pelatihan yang berbasis kasus akan lebih mudah "
        "diingat daripada daftar larangan yang panjang.",
    ),
]
THESIS_NOTES = {
    1: "Data pasangan calon diperoleh dari keputusan Komisi Pemilihan Umum kabupaten "
    "tentang penetapan pasangan calon.",
    2: "Wawancara dengan seorang guru sekolah dasar di Kecamatan Muara Baru, 14 Oktober 2024.",
    3: "Wawancara dengan anggota pengawas pemilihan kabupaten, 2 November 2024.",
    4: "Rekapitulasi tindak lanjut rekomendasi pengawas, dokumen internal tahun 2024.",
}

JOURNAL_NAME = "Jurnal Kajian Birokrasi dan Pemilu"
JOURNAL_HEADER = f"{JOURNAL_NAME}, Vol. 5 No. 2 (2025)"
JOURNAL_TITLE = "Tekanan Atasan dan Netralitas Aparatur Sipil Negara pada Pilkada Serentak 2024"
JOURNAL_AUTHORS = [
    ("Rina Kartikasari", 1),
    ("Dimas Prasetyo", 2),
    ("Lestari Handayani", 1),
]
JOURNAL_AFFILIATIONS = [
    "Program Studi Ilmu Pemerintahan, Universitas Nusantara Timur",
    "Fakultas Ilmu Sosial dan Politik, Universitas Bukit Raya",
]
JOURNAL_EMAIL = "Korespondensi: rina.kartikasari@unt.ac.id"
JOURNAL_ABSTRACT = (
    "Penelitian ini mengkaji bagaimana tekanan dari atasan memengaruhi kepatuhan aparatur "
    "sipil negara terhadap kewajiban netralitas pada pemilihan kepala daerah serentak tahun "
    "2024. Dengan pendekatan kualitatif, data dikumpulkan melalui wawancara dengan delapan "
    "belas pegawai, pengawas pemilihan, dan pejabat kepegawaian di dua kabupaten. Hasil "
    "penelitian menunjukkan bahwa tekanan atasan jarang berbentuk perintah tertulis, "
    "melainkan berupa isyarat, pembagian tugas, dan ancaman mutasi yang tidak diucapkan "
    "secara langsung. Penelitian ini merekomendasikan perlindungan bagi pelapor dan "
    "pemisahan kewenangan kepegawaian dari kepala daerah."
)
JOURNAL_KEYWORDS = "Kata Kunci: netralitas; aparatur sipil negara; tekanan atasan; pilkada"
JOURNAL = [
    ("heading", "PENDAHULUAN"),
    (
        "body",
        "Kewajiban netralitas aparatur sipil negara merupakan salah satu syarat agar "
        "pemilihan kepala daerah berlangsung secara jujur dan adil. Pegawai pemerintah "
        "menguasai pelayanan publik, anggaran, dan informasi yang dapat dimanfaatkan "
        "untuk kepentingan calon tertentu. Karena itu, peraturan perundang-undangan "
        "melarang pegawai terlibat dalam kegiatan kampanye, menjadi anggota tim "
        "pemenangan, maupun membuat keputusan yang menguntungkan salah satu pasangan.",
    ),
    (
        "body",
        "Meskipun larangan tersebut sudah lama berlaku, laporan pengawasan menunjukkan "
        "bahwa pelanggaran netralitas terus berulang pada setiap pemilihan. Kajian "
        "sebelumnya lebih banyak memotret bentuk pelanggaran dan jumlahnya, sementara "
        "mekanisme yang mendorong pegawai melanggar masih jarang diteliti secara mendalam. "
        "Salah satu mekanisme yang sering disebut oleh pegawai sendiri adalah tekanan "
        "dari atasan langsung.",
    ),
    (
        "body",
        "Artikel ini bertujuan menjelaskan bentuk-bentuk tekanan atasan dan cara pegawai "
        "menanggapinya. Pertanyaan yang diajukan adalah bagaimana tekanan itu disampaikan, "
        "mengapa pegawai sulit menolaknya, dan apa yang dapat dilakukan lembaga pengawas "
        "untuk melindungi pegawai yang ingin tetap netral.",
    ),
    ("heading", "METODE"),
    (
        "body",
        "Penelitian ini menggunakan pendekatan kualitatif dengan desain studi kasus pada "
        "dua kabupaten yang menyelenggarakan pemilihan bupati dengan calon petahana. "
        "Informan dipilih secara purposif dan terdiri atas pegawai struktural, guru, "
        "tenaga kesehatan, anggota pengawas pemilihan, serta pejabat di badan kepegawaian "
        "daerah. Wawancara semiterstruktur dilakukan antara Agustus dan Desember 2024.",
    ),
    (
        "body",
        "Data wawancara ditranskripsikan dan dikodekan secara tematik. Kode awal disusun "
        "berdasarkan kajian pustaka tentang politisasi birokrasi, kemudian diperluas dengan "
        "kode yang muncul dari data. Keabsahan temuan diperiksa melalui triangulasi sumber, "
        "yakni dengan membandingkan keterangan pegawai dengan dokumen pengawasan dan "
        "keterangan pejabat kepegawaian.",
    ),
    ("heading", "HASIL DAN PEMBAHASAN"),
    (
        "body",
        "Tekanan atasan ternyata jarang muncul sebagai perintah yang terang. Sebagian besar "
        "informan menggambarkan tekanan itu sebagai suasana yang dibangun perlahan, mulai "
        "dari pembicaraan santai di ruang kerja hingga pembagian tugas pendampingan "
        "kegiatan yang kebetulan dihadiri oleh calon petahana. Pegawai memahami pesan "
        "tersebut tanpa perlu mendengar kalimat perintah secara langsung.",
    ),
    (
        "body",
        "Ancaman mutasi menjadi alat tekanan yang paling ditakuti. Beberapa informan "
        "menceritakan rekan kerja yang dipindahkan ke kecamatan terpencil setelah menolak "
        "menghadiri pertemuan tertentu. Walaupun tidak ada bukti bahwa mutasi itu berkaitan "
        "dengan pemilihan, cerita semacam ini beredar luas dan cukup untuk membuat pegawai "
        "lain berhati-hati dalam menunjukkan sikap.",
    ),
    (
        "body",
        "Pegawai yang berada pada jabatan fungsional, seperti guru dan tenaga kesehatan, "
        "mengalami tekanan dalam bentuk yang berbeda. Mereka tidak diancam dengan mutasi "
        "jabatan, tetapi dengan penundaan sertifikasi, pengurangan jam mengajar, atau "
        "penempatan di sekolah yang jauh dari tempat tinggal. Bentuk tekanan ini lebih "
        "sulit dilaporkan karena keputusan administratif selalu dapat diberi alasan teknis.",
    ),
    (
        "body",
        "Pengawas pemilihan mengakui keterbatasan mereka dalam menangani tekanan semacam "
        "ini. Pengawas hanya dapat menindaklanjuti laporan yang disertai bukti, sedangkan "
        "pegawai yang mengalami tekanan enggan melapor karena identitasnya mudah dikenali. "
        "Dalam beberapa kasus, pelapor justru mendapat teguran dari atasan karena dianggap "
        "mencemarkan nama baik instansi.",
    ),
    (
        "body",
        "Temuan ini menunjukkan bahwa pelanggaran netralitas tidak dapat dipahami semata "
        "sebagai kesalahan individu. Pegawai yang melanggar sering kali merupakan pihak "
        "yang paling lemah dalam rantai kekuasaan birokrasi. Penegakan aturan yang hanya "
        "menghukum pegawai di lapisan bawah, tanpa menyentuh atasan yang memberi isyarat, "
        "tidak akan menghentikan pola pelanggaran yang sama pada pemilihan berikutnya.",
    ),
    (
        "body",
        "Perbandingan antara kedua kabupaten memperlihatkan peran penting pejabat "
        "kepegawaian. Di kabupaten yang kepala badan kepegawaiannya secara terbuka "
        "menjamin tidak ada mutasi selama masa pemilihan, jumlah laporan pelanggaran lebih "
        "sedikit dan pegawai merasa lebih berani menolak ajakan. Jaminan semacam itu "
        "memberi pegawai alasan yang sah untuk menjaga jarak dari kegiatan kampanye.",
    ),
    ("heading", "KESIMPULAN"),
    (
        "body",
        "Tekanan atasan merupakan penyebab penting pelanggaran netralitas aparatur sipil "
        "negara pada pemilihan kepala daerah. Tekanan itu bekerja melalui isyarat, pembagian "
        "tugas, dan ancaman mutasi yang tidak tertulis. Perlindungan bagi pelapor, "
        "penundaan mutasi selama masa pemilihan, dan pemisahan kewenangan kepegawaian dari "
        "kepala daerah perlu dipertimbangkan untuk memperkuat kepatuhan pegawai.",
    ),
    ("heading", "DAFTAR PUSTAKA"),
    (
        "reference",
        "Handoko, S. (2021). Politisasi birokrasi di tingkat lokal. Yogyakarta: Penerbit "
        "Cakrawala Ilmu.",
    ),
    (
        "reference",
        "Maharani, D., & Saputra, A. (2023). Mutasi pegawai menjelang pemilihan kepala "
        "daerah. Jurnal Administrasi Publik Daerah, 8(1), 45-60.",
    ),
    (
        "reference",
        "Wicaksono, B. (2022). Pengawasan netralitas pegawai di media sosial. Jurnal "
        "Demokrasi Lokal, 4(2), 101-118.",
    ),
]

# --- writing the documents ---------------------------------------------------------

_NOTE = re.compile(r"\{(\d+)\}")
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
)


def _plain(text: str) -> str:
    return _NOTE.sub("", text)


def _soft_hyphens(text: str) -> str:
    """Soft hyphens at the syllable breaks of long words, so Writer can split them."""
    out = []
    for word in text.split(" "):
        core = word.strip(".,;:()")
        if len(core) >= 9 and core.isalpha() and core.islower():
            breaks = syllable_breaks(core)
            start = word.index(core)
            pieces, last = [], 0
            for b in breaks:
                pieces.append(core[last:b])
                last = b
            pieces.append(core[last:])
            word = word[:start] + SOFT.join(pieces) + word[start + len(core) :]
        out.append(word)
    return " ".join(out)


def _inline(text: str, notes: dict[int, str], hyphenate: bool = False) -> str:
    """Escaped paragraph content with Writer footnotes where ``{n}`` stands."""
    parts, pos = [], 0
    for m in _NOTE.finditer(text):
        chunk = text[pos : m.start()]
        parts.append(escape(_soft_hyphens(chunk) if hyphenate else chunk))
        n = int(m.group(1))
        parts.append(
            f'<text:note text:id="ftn{n}" text:note-class="footnote">'
            f"<text:note-citation>{n}</text:note-citation><text:note-body>"
            f'<text:p text:style-name="Footnote">{escape(notes[n])}</text:p>'
            "</text:note-body></text:note>"
        )
        pos = m.end()
    chunk = text[pos:]
    parts.append(escape(_soft_hyphens(chunk) if hyphenate else chunk))
    return "".join(parts)


def _header_footer(header: str, number_in_header: bool) -> str:
    """The running header, and the page number in the footer or at the header's end."""
    number = '<text:page-number text:select-page="current"/>'
    if number_in_header:
        return (
            f'<style:header><text:p text:style-name="Header">{escape(header)}<text:tab/>'
            f"{number}</text:p></style:header>"
        )
    return (
        f'<style:header><text:p text:style-name="Header">{escape(header)}</text:p></style:header>'
        f'<style:footer><text:p text:style-name="Footer">{number}</text:p></style:footer>'
    )


@dataclass(frozen=True)
class Page:
    """One layout choice for a generated document: page, margins, type, numbering."""

    width: str = "21cm"
    height: str = "29.7cm"
    top: str = "2cm"
    bottom: str = "2cm"
    left: str = "2cm"
    right: str = "2cm"
    size: float = 12
    first: int = 1
    font: str = "Liberation Serif"
    note_indent: str = "0cm"
    header_align: str = "start"
    tab: str = "17cm"
    number_in_header: bool = False
    plain_opening: bool = False


# Layout choices: the first of each kind is the plain one; the others are held out in
# other ways (page size, type, margins, first page number, the number in the header,
# footnotes with a hanging number).
THESIS_PAGES = [
    Page(left="4cm", right="3cm", first=62, header_align="end", tab="14cm"),
    Page(
        width="21.59cm",
        height="27.94cm",
        top="2.5cm",
        bottom="2.5cm",
        left="3.5cm",
        right="2.5cm",
        size=11,
        first=23,
        font="DejaVu Sans",
        note_indent="0.6cm",
        tab="15.59cm",
        number_in_header=True,
    ),
    # The chapter's first page without the header, its number at the foot.
    Page(
        top="3cm",
        bottom="3cm",
        left="4cm",
        right="3cm",
        first=87,
        font="DejaVu Serif",
        note_indent="0.6cm",
        tab="14cm",
        number_in_header=True,
        plain_opening=True,
    ),
]
JOURNAL_PAGES = [
    Page(
        width="17.6cm",
        height="25cm",
        top="1.6cm",
        bottom="1.6cm",
        left="1.8cm",
        right="1.8cm",
        size=10,
        first=115,
        header_align="end",
        tab="14cm",
    ),
    Page(size=10.5, first=341, font="DejaVu Serif", number_in_header=True),
    Page(
        width="17.6cm",
        height="25cm",
        top="1.8cm",
        bottom="1.8cm",
        size=9.5,
        first=7,
        font="DejaVu Sans",
        header_align="center",
        tab="13.6cm",
        plain_opening=True,
    ),
]


def _fodt(
    *, title: str, author: str, page: Page, header: str, styles: str, body: str, columns: int = 1
) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {_NS} office:version="1.2"
 office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>
<meta:initial-creator>{escape(author)}</meta:initial-creator></office:meta>
<office:font-face-decls>
<style:font-face style:name="{page.font}" svg:font-family="'{page.font}'"
 style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">
<style:paragraph-properties fo:orphans="2" fo:widows="2"/>
<style:text-properties style:font-name="{page.font}" fo:font-size="{page.size}pt"
 fo:language="id" fo:country="ID"/>
</style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="justify" fo:margin-left="{page.note_indent}"
 fo:text-indent="-{page.note_indent}"/>
<style:text-properties fo:font-size="{page.size - 2}pt"/>
</style:style>
<style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="{page.header_align}"><style:tab-stops>
<style:tab-stop style:position="{page.tab}" style:type="right"/></style:tab-stops>
</style:paragraph-properties>
<style:text-properties fo:font-size="9pt" fo:font-style="italic"/>
</style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="center"/>
</style:style>
{styles}
<text:notes-configuration text:note-class="footnote" style:num-format="1"
 text:start-value="0" text:footnotes-position="page" text:start-numbering-at="document"/>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1">
<style:page-layout-properties fo:page-width="{page.width}" fo:page-height="{page.height}"
 fo:margin-top="{page.top}" fo:margin-bottom="{page.bottom}"
 fo:margin-left="{page.left}" fo:margin-right="{page.right}">
<style:footnote-sep style:width="0.018cm" style:distance-before-sep="0.1cm"
 style:distance-after-sep="0.1cm" style:line-style="solid" style:adjustment="left"
 style:rel-width="25%" style:color="#000000"/>
</style:page-layout-properties>
<style:header-style><style:header-footer-properties fo:min-height="0cm"
 fo:margin-bottom="0.6cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0cm"
 fo:margin-top="0.6cm"/></style:footer-style>
</style:page-layout>
<style:style style:name="First" style:family="paragraph" style:parent-style-name="Chapter"
 style:master-page-name="{"Opening" if page.plain_opening else "Main"}">
<style:paragraph-properties style:page-number="{page.first}"/>
</style:style>
<style:style style:name="Sect2" style:family="section">
<style:section-properties><style:columns fo:column-count="{columns}" fo:column-gap="0.7cm"/>
</style:section-properties></style:style>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Main" style:page-layout-name="pm1">
{_header_footer(header, page.number_in_header)}
</style:master-page>
<style:master-page style:name="Opening" style:page-layout-name="pm1"
 style:next-style-name="Main">
<style:footer><text:p text:style-name="Footer"><text:page-number
 text:select-page="current"/></text:p></style:footer>
</style:master-page>
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body>
</office:document>
"""


_THESIS_STYLES = """
<style:style style:name="Chapter" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.8cm"
 fo:keep-with-next="always"/>
<style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
</style:style>
<style:style style:name="Sub" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm"
 fo:keep-with-next="always"/>
<style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="justify" fo:text-indent="1.25cm"
 fo:line-height="150%"/>
</style:style>
"""

_JOURNAL_STYLES = """
<style:style style:name="Chapter" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.3cm"/>
<style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
</style:style>
<style:style style:name="Byline" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="center"/>
<style:text-properties fo:font-size="10.5pt"/>
</style:style>
<style:style style:name="Affil" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="center"/>
<style:text-properties fo:font-size="8.5pt" fo:font-style="italic"/>
</style:style>
<style:style style:name="AbsHead" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.1cm"
 fo:keep-with-next="always"/>
<style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Abstract" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="justify"/>
<style:text-properties fo:font-size="9pt"/>
</style:style>
<style:style style:name="Keywords" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="justify" fo:margin-top="0.1cm"
 fo:margin-bottom="0.5cm"/>
<style:text-properties fo:font-size="9pt" fo:font-style="italic"/>
</style:style>
<style:style style:name="Sub" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.1cm"
 fo:keep-with-next="always"/>
<style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="justify" fo:text-indent="0.6cm"/>
</style:style>
<style:style style:name="Ref" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="justify" fo:margin-left="0.6cm"
 fo:text-indent="-0.6cm" fo:margin-bottom="0.1cm"/>
<style:text-properties fo:font-size="9pt"/>
</style:style>
"""


def thesis_document(variant: int = 0) -> tuple[str, Truth]:
    truth = Truth("skripsi-bab4-libreoffice.pdf", "thesis", THESIS_TITLE, [THESIS_AUTHOR])
    truth.furniture.append(THESIS_HEADER)
    body = ['<text:p text:style-name="First">BAB IV<text:line-break/>HASIL DAN PEMBAHASAN</text:p>']
    truth.paragraphs.append(TruthParagraph("BAB IV HASIL DAN PEMBAHASAN", "heading", 0, None))
    for kind, text in THESIS:
        style = "Sub" if kind == "heading" else "Body"
        body.append(f'<text:p text:style-name="{style}">{_inline(text, THESIS_NOTES)}</text:p>')
        truth.paragraphs.append(TruthParagraph(_plain(text), kind, 0, None))
    for n, note in THESIS_NOTES.items():
        truth.paragraphs.append(TruthParagraph(f"{n} {note}", "footnote", 0, None))
    page = THESIS_PAGES[variant]
    xml = _fodt(
        title=THESIS_TITLE,
        author=THESIS_AUTHOR,
        page=page,
        header=THESIS_HEADER,
        styles=_THESIS_STYLES,
        body="\n".join(body),
    )
    return xml, truth


def journal_document(variant: int = 0) -> tuple[str, Truth]:
    authors = [name for name, _ in JOURNAL_AUTHORS]
    truth = Truth("jurnal-2kolom-libreoffice.pdf", "journal_article", JOURNAL_TITLE, authors)
    truth.furniture.append(JOURNAL_HEADER)
    # The third layout marks affiliations with letters and the corresponding author "*".
    marks = {1: "1", 2: "2"} if variant < 2 else {1: "a", 2: "b"}
    names = [
        f'{escape(name)}<text:span text:style-name="Sup">{marks[aff]}'
        f"{',*' if variant == 2 and k == 0 else ''}</text:span>"
        for k, (name, aff) in enumerate(JOURNAL_AUTHORS)
    ]
    # The held-out byline ends "..., dan Lestari Handayani".
    byline = ", ".join(names) if variant == 0 else ", ".join(names[:-1]) + ", dan " + names[-1]
    head = [
        f'<text:p text:style-name="First">{escape(JOURNAL_TITLE)}</text:p>',
        f'<text:p text:style-name="Byline">{byline}</text:p>',
        *(
            f'<text:p text:style-name="Affil"><text:span text:style-name="Sup">{marks[k]}'
            f"</text:span>{escape(a)}</text:p>"
            for k, a in enumerate(JOURNAL_AFFILIATIONS, start=1)
        ),
        f'<text:p text:style-name="Affil">{escape(JOURNAL_EMAIL)}</text:p>',
        '<text:p text:style-name="AbsHead">Abstrak</text:p>',
        f'<text:p text:style-name="Abstract">{_inline(JOURNAL_ABSTRACT, {}, True)}</text:p>',
        f'<text:p text:style-name="Keywords">{escape(JOURNAL_KEYWORDS)}</text:p>',
    ]
    truth.paragraphs += [
        TruthParagraph(JOURNAL_TITLE, "heading", 0, None),
        TruthParagraph("Abstrak", "heading", 0, None),
        TruthParagraph(JOURNAL_ABSTRACT, "body", 0, None),
        TruthParagraph(JOURNAL_KEYWORDS, "body", 0, None),
    ]
    columns = []
    for kind, text in JOURNAL:
        style = {"heading": "Sub", "body": "Body", "reference": "Ref"}[kind]
        columns.append(
            f'<text:p text:style-name="{style}">{_inline(text, {}, kind == "body")}</text:p>'
        )
        truth.paragraphs.append(TruthParagraph(text, kind, 0, None))
    body = "\n".join(head) + (
        '\n<text:section text:style-name="Sect2" text:name="Isi">\n'
        + "\n".join(columns)
        + "\n</text:section>"
    )
    page = JOURNAL_PAGES[variant]
    styles = _JOURNAL_STYLES + (
        '<style:style style:name="Sup" style:family="text">'
        '<style:text-properties style:text-position="super 58%"/></style:style>'
    )
    xml = _fodt(
        title=JOURNAL_TITLE,
        author=", ".join(authors),
        page=page,
        header=JOURNAL_HEADER,
        styles=styles,
        body=body,
        columns=2,
    )
    return xml, truth


# --- converting and reading back where each paragraph starts --------------------------


def _need_writer() -> str:
    """soffice, or skip: these tests need LibreOffice with its Writer component (Debian's
    libreoffice-calc-nogui alone has soffice but cannot load a text document)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; install libreoffice-writer-nogui")
    program = Path(soffice).resolve().parent
    if not any(program.glob("libswlo.*")):
        pytest.skip(
            f"LibreOffice Writer is not installed in {program}; install libreoffice-writer-nogui"
        )
    return soffice


def _key(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+|\d+", text.replace(SOFT, "").lower())


def _locate(pdf: Path, truth: Truth, first_label: int) -> list[list[str]]:
    """Set each truth paragraph's start page and label from where its opening words stand
    in the PDF's content stream (the order Writer wrote them; letters and digits only, so a
    word hyphenated at a line end still matches); return each page's lines."""
    streams: list[str] = []
    lines: list[list[str]] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = page.extract_words(use_text_flow=True)
            streams.append("".join(k for w in words for k in _key(w["text"])))
            lines.append((page.extract_text() or "").splitlines())
    cursor = (0, 0)  # body paragraphs come in order; footnotes are searched from the top
    for para in truth.paragraphs:
        note = para.kind == "footnote"
        opening = "".join(_key(para.text)[:5])
        found = None
        for p in range(0 if note else cursor[0], len(streams)):
            at = streams[p].find(opening, 0 if note or p != cursor[0] else cursor[1])
            if at >= 0:
                found = (p, at)
                break
        assert found, f"opening of {para.text[:40]!r} not found in {pdf.name}"
        para.page = found[0] + 1
        para.label = str(first_label + found[0])
        if not note:
            cursor = (found[0], found[1] + 1)
    truth.labels = [str(first_label + i) for i in range(len(streams))]
    return lines


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory, soffice_convert):
    """``libreoffice(kind, variant)`` -> (document, truth, each page's lines), each built,
    converted and extracted once."""
    _need_writer()
    folder = tmp_path_factory.mktemp("libreoffice")
    profile = folder / "profile"  # private, so parallel runs do not share one
    cache: dict[tuple[str, int], tuple] = {}

    def get(kind: str, variant: int):
        if (kind, variant) not in cache:
            make, pages = {
                "thesis": (thesis_document, THESIS_PAGES),
                "journal": (journal_document, JOURNAL_PAGES),
            }[kind]
            xml, truth = make(variant)
            fodt = folder / f"{variant}-{Path(truth.name).stem}.fodt"
            fodt.write_text(xml, encoding="utf-8")
            pdf = soffice_convert(fodt, "pdf", folder, profile=profile)
            lines = _locate(pdf, truth, pages[variant].first)
            cache[(kind, variant)] = (extract_file(pdf), truth, lines)
        return cache[(kind, variant)]

    return get


# --- the acceptance ----------------------------------------------------------------


VARIANTS = [(kind, v) for kind in ("thesis", "journal") for v in (0, 1, 2)]


@pytest.mark.parametrize(("kind", "variant"), VARIANTS)
def test_libreoffice_paragraphs_labels_furniture_title_authors(libreoffice, kind, variant):
    doc, truth, _lines = libreoffice(kind, variant)
    score = score_truth(doc, truth)
    assert score.intact_in_order >= 0.95, score
    assert score.right_label >= 0.95, score
    assert score.leaks == [], score.leaks
    assert score.title_found, (doc.metadata.title, truth.title)
    assert score.authors_missing == [], doc.metadata.authors


@pytest.mark.parametrize(("kind", "variant"), VARIANTS)
def test_libreoffice_layouts_hold_the_hard_parts(libreoffice, kind, variant):
    """What the acceptance is about is really in the PDFs, so passing means something."""
    doc, truth, lines = libreoffice(kind, variant)
    assert len(lines) >= (3 if kind == "thesis" else 2), "too few pages"
    header = [ln for page in lines for ln in page if truth.furniture[0] in ln]
    plain_opening = {"thesis": THESIS_PAGES, "journal": JOURNAL_PAGES}[kind][variant].plain_opening
    assert len(header) == len(lines) - plain_opening, "a page lacks the running header"
    numbers = [str(int(truth.labels[0]) + i) for i in range(len(lines))]
    margins = [page[:1] + page[-3:] for page in lines]
    assert all(
        any(re.search(rf"(^|\s){n}$", ln) for ln in lines_) for n, lines_ in zip(numbers, margins)
    ), "a page lacks its printed number"
    if kind == "thesis":
        notes = truth.footnotes
        assert len(notes) == len(THESIS_NOTES)
        # A paragraph runs across a page break: it starts on one page, the next starts later.
        body = [p for p in truth.paragraphs if p.kind != "footnote"]
        pages = [p.page for p in body]
        assert len(set(pages)) >= 3
        broken = [
            a
            for a, b in zip(body, body[1:])
            if b.page > a.page and not _ends_on_page(a, lines[a.page - 1])
        ]
        assert broken, "no paragraph crosses a page break"
        # Every footnote's text is on the page of the paragraph that cites it.
        score = score_truth(doc, truth)
        assert score.footnotes_found == 1.0, score
    else:
        hyphenated = [ln for page in lines for ln in page if re.search(r"[a-z]-$", ln)]
        assert len(hyphenated) >= 3, "Writer hyphenated no line ends"
        body = " ".join(p.text for p in doc.passages)
        assert SOFT not in body


def _ends_on_page(para: TruthParagraph, page_lines: list[str]) -> bool:
    tail = " ".join(_key(para.text)[-3:])
    return any(tail in " ".join(_key(ln)) for ln in page_lines)
