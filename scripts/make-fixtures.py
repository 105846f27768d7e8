#!/usr/bin/env python3
"""Writes tests/fixtures/input/: the bundled post (corpus/digital-resistance.*.txt) with a
title, in every input format and encoding sverka reads, a few existing alignments, and
hostile files (ZIP bomb, encrypted and damaged archives, XML entities, ragged TSV …).

    pip install python-docx odfpy ebooklib translate-toolkit
    python3 scripts/make-fixtures.py

The tests (tests/i19_input.rs) read every format and expect the same paragraphs as the
plain UTF-8 text post.ru.txt / post.en.txt.
"""

import io
import os
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import docx
import ebooklib
from ebooklib import epub
from odf.opendocument import OpenDocumentText
from odf.text import H, P

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "input"
TITLES = {"ru": "Цифровое сопротивление", "en": "Digital Resistance"}
# A fixed time for archive entries, so that the script writes the same bytes each run.
STAMP = (2024, 1, 1, 0, 0, 0)


def paragraphs(lang):
    """The title and the post's paragraphs."""
    text = (ROOT / "corpus" / f"digital-resistance.{lang}.txt").read_text("utf-8")
    return [TITLES[lang]] + [p.strip() for p in text.splitlines() if p.strip()]


def write(name, data):
    path = OUT / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def rezip(data):
    """The ZIP archive `data` written again with fixed entry times (mimetype first, stored)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, STAMP)
            fixed.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def text_files(lang, ps):
    body = "\n".join(ps) + "\n"
    write(f"post.{lang}.txt", body)
    if lang == "ru":
        write("post.ru.bom.txt", b"\xef\xbb\xbf" + body.encode("utf-8"))
        write("post.ru.utf16le.txt", b"\xff\xfe" + body.encode("utf-16-le"))
        write("post.ru.utf16be.txt", b"\xfe\xff" + body.encode("utf-16-be"))
        write("post.ru.cp1251.txt", body.replace("\n", "\r\n").encode("cp1251"))
        # KOI8-R and CP866 have no en dash: it becomes a hyphen there.
        write("post.ru.koi8r.txt", body.replace("–", "-").encode("koi8-r"))
        write("post.ru.cp866.txt", body.replace("–", "-").encode("cp866"))


def docx_file(lang, ps):
    d = docx.Document()
    d.core_properties.created = d.core_properties.modified = __import__("datetime").datetime(2024, 1, 1)
    d.add_heading(ps[0], level=1)
    for p in ps[1:]:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    write(f"post.{lang}.docx", rezip(buf.getvalue()))


def odt_file(lang, ps):
    d = OpenDocumentText()
    d.text.addElement(H(outlinelevel=1, text=ps[0]))
    for p in ps[1:]:
        d.text.addElement(P(text=p))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.odt"
        d.save(str(path))
        write(f"post.{lang}.odt", rezip(path.read_bytes()))


def epub_file(lang, ps):
    book = epub.EpubBook()
    book.set_identifier(f"sverka-fixture-{lang}")
    book.set_title(ps[0])
    book.set_language(lang)
    half = 3
    chapters = []
    for k, chunk in enumerate([ps[:half], ps[half:]]):
        c = epub.EpubHtml(title=f"{k + 1}", file_name=f"text/chapter {k + 1}.xhtml", lang=lang)
        head = f"<h1>{chunk[0]}</h1>" if k == 0 else ""
        rest = chunk[1:] if k == 0 else chunk
        c.content = head + "".join(f"<p>{p}</p>" for p in rest)
        book.add_item(c)
        chapters.append(c)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    # The navigation page is in the spine too: its <nav> must be left out.
    book.spine = ["nav"] + chapters
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.epub"
        epub.write_epub(str(path), book)
        write(f"post.{lang}.epub", rezip(path.read_bytes()))


def html_file(lang, ps):
    body = "".join(f"<p>{p}</p>\n" for p in ps[1:])
    write(
        f"post.{lang}.html",
        f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{ps[0]}</title>
<style>p {{ margin: 0 }}</style><script>var tracker = "не текст / not text";</script></head>
<body><header><a href="/">Telegram</a> | Blog</header>
<nav><ul><li>Home</li><li>FAQ</li></ul></nav>
<main><article><h1>{ps[0]}</h1>
{body}</article></main>
<footer>© Telegram 2018</footer><script>document.write("nope")</script></body></html>
""",
    )


def markdown_file(lang, ps):
    body = "\n\n".join(ps[1:])
    write(
        f"post.{lang}.md",
        f"---\ntitle: {ps[0]}\n---\n\n# {ps[0]}\n\n{body}\n\n```\ncode is not text\n```\n",
    )


def srt_file(lang, ps):
    cues = []
    for k, p in enumerate(ps):
        words = p.split(" ")
        mid = len(words) // 2
        lines = " ".join(words[:mid]) + "\n" + " ".join(words[mid:]) if mid else p
        start, end = k * 5, k * 5 + 4
        cues.append(f"{k + 1}\n00:00:{start:02},000 --> 00:00:{end:02},500\n{lines}\n")
    write(f"post.{lang}.srt", "\n".join(cues).replace("\n", "\r\n"))


# Sentence pairs of the post, for the alignment fixtures.
PAIRS = [
    ("Спасибо за поддержку и преданность Telegram – вместе нам удалось пережить первые 24 часа блокировки.",
     "Thank you for your support and loyalty, Russian users of Telegram."),
    ("Хотя российский рынок не составляет существенной доли пользовательской базы Telegram, он важен нам по личным соображениям.",
     "Russia accounts for ~7% of the Telegram user base."),
    ("«Да», — сказал он.", "\"Yes,\" he said."),
]


def alignments():
    tsv = "ru\ten\n" + "".join(f"{r}\t{e}\n" for r, e in PAIRS)
    write("pairs.tsv", tsv)
    csv = "".join('"{}","{}"\r\n'.format(r.replace('"', '""'), e.replace('"', '""')) for r, e in PAIRS)
    write("pairs.csv", csv)
    write("pairs.ru", "".join(r + "\n" for r, _ in PAIRS))
    write("pairs.en", "".join(e + "\n" for _, e in PAIRS))
    # A translation memory from translate-toolkit's po2tmx (English source, Russian target).
    po = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    po += "".join('msgid "{}"\nmsgstr "{}"\n\n'.format(e.replace('"', '\\"'), r.replace('"', '\\"')) for r, e in PAIRS)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "pairs.po", Path(tmp) / "pairs.tmx"
        src.write_text(po, "utf-8")
        subprocess.run(["po2tmx", "-l", "ru-RU", str(src), str(dst)], check=True, capture_output=True)
        write("translate-toolkit.tmx", dst.read_bytes())


def zip_bytes(entries, compress=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, STAMP), data, compress_type=compress)
    return buf.getvalue()


def docx_with(document_xml):
    return zip_bytes([
        ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
        ("word/document.xml", document_xml),
    ])


def hostile():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    # A ZIP bomb: 64 MiB of spaces packed into ~64 KiB (ratio ~1000).
    write("hostile/bomb.docx", docx_with(f"<w:document {w}><w:body><w:p><w:r><w:t>" + " " * (64 << 20) + "</w:t></w:r></w:p></w:body></w:document>"))
    # External entity and billion laughs inside a DOCX.
    write("hostile/xxe.docx", docx_with(f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document {w}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'))
    laughs = '<!ENTITY lol "lol">' + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    write("hostile/laughs.tmx", f'<?xml version="1.0"?><!DOCTYPE tmx [{laughs}]><tmx version="1.4"><header/><body><tu><tuv xml:lang="ru"><seg>&lol9;</seg></tuv><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>')
    write("hostile/xxe.tmx", '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]><tmx version="1.4"><body><tu><tuv xml:lang="ru"><seg>&x;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>')
    write("hostile/undefined-entity.tmx", '<tmx version="1.4"><body><tu><tuv xml:lang="ru"><seg>&nbsp;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>')
    # An entry flagged encrypted (ZipCrypto), and an Office file encrypted with a password.
    good = (OUT / "post.ru.docx").read_bytes()
    flagged = bytearray(good)
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = flagged.find(sig)
        while at != -1:
            flags = struct.unpack_from("<H", flagged, at + flag_at)[0]
            struct.pack_into("<H", flagged, at + flag_at, flags | 1)
            at = flagged.find(sig, at + 4)
    write("hostile/encrypted-entry.docx", bytes(flagged))
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    ole += "EncryptedPackage".encode("utf-16-le") + b"\0" * 64 + "EncryptionInfo".encode("utf-16-le")
    write("hostile/password.docx", ole)
    # Damaged archives: cut short, and with packed bytes overwritten.
    write("hostile/truncated.docx", good[: len(good) // 2])
    epub_bytes = bytearray((OUT / "post.en.epub").read_bytes())
    name = b"chapter 2.xhtml"
    at = epub_bytes.find(b"PK\x03\x04" + epub_bytes[4:4])
    at = epub_bytes.find(name)
    for k in range(at + len(name) + 10, at + len(name) + 60):
        epub_bytes[k] ^= 0x5A
    write("hostile/corrupt.epub", bytes(epub_bytes))
    # Formats other than the extension says.
    write("hostile/odt-named.docx", (OUT / "post.ru.odt").read_bytes())
    write("hostile/docx-named.txt", good)
    write("hostile/picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    write("hostile/binary.txt", bytes(range(256)) * 8)
    # An HTML page whose scripts must not come out as text.
    write("hostile/scripts.html", "<html><body><script>alert('x')</script><p>Текст.</p><noscript>Включите JS</noscript><p onclick=\"alert(1)\">Ещё<script>var a=1</script>.</p></body></html>")
    # Alignments with one language missing, a ragged row, a bad confidence.
    write("hostile/no-english.tmx", '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ru"/><body><tu><tuv xml:lang="ru-RU"><seg>Да.</seg></tuv><tuv xml:lang="de-DE"><seg>Ja.</seg></tuv></tu></body></tmx>')
    write("hostile/ragged.tsv", "ru\ten\nДа.\tYes.\nНет.\tNo.\tmaybe\tnot\n")
    write("hostile/one-column.csv", "Только русский\nЕщё строка\n")
    write("hostile/unequal.ru", "Да.\nНет.\n")
    write("hostile/unequal.en", "Yes.\n")
    write("hostile/bad-cue.srt", "1\n00:00:01,000 --> 00:00:02,000\nДа.\n\n2\nне время\nНет.\n")


def main():
    (OUT / "hostile").mkdir(parents=True, exist_ok=True)
    for lang in ("ru", "en"):
        ps = paragraphs(lang)
        text_files(lang, ps)
        docx_file(lang, ps)
        odt_file(lang, ps)
        epub_file(lang, ps)
        html_file(lang, ps)
        markdown_file(lang, ps)
        srt_file(lang, ps)
    alignments()
    hostile()
    print(f"wrote {sum(1 for _ in OUT.rglob('*') if _.is_file())} files in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
