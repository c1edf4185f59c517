"""The command line speaks Indonesian: every command's help and the usage errors click and the
commands raise, with no English word of typer/click and no Python type name; usage errors exit
64, distinct from unreadable files (2) and findings (1)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from xlkinerja.muka.bahasa_cli import KELUAR_SALAH_PAKAI, teks_ukuran
from xlkinerja.muka.cli import app
from xlkinerja.muka.kemajuan import tampilkan_kemajuan

INGGRIS = re.compile(
    r"\b(Usage|Options|Arguments|Commands|Missing|Invalid|Error|Show this message|No such|"
    r"Got unexpected|required|default|Try '|for help|Aborted|requires an argument|"
    r"does not take)\b"
)
TIPE_PYTHON = re.compile(r"<(list|str|int|bool|path|float|Path)\b|\{paths?\}|list\[|\bNoneType\b")
PERINTAH = [c.name for c in app.registered_commands] or []


def _jalankan(*args: str):
    return CliRunner().invoke(app, list(args), env={"TERMINAL_WIDTH": "200", "COLUMNS": "200"})


def _asing(teks: str) -> list[str]:
    return [m.group(0) for m in (*INGGRIS.finditer(teks), *TIPE_PYTHON.finditer(teks))]


def test_daftar_perintah_lengkap():
    nama = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert {"metode", "templat", "hitung", "periksa", "rekap", "narasi", "audit"} <= nama


@pytest.mark.parametrize(
    "perintah",
    [None, *sorted(c.name or c.callback.__name__ for c in app.registered_commands)],
)
def test_bantuan_setiap_perintah_berbahasa_indonesia_tanpa_nama_tipe_python(perintah):
    args = ["--help"] if perintah is None else [perintah, "--help"]
    r = _jalankan(*args)
    assert r.exit_code == 0, r.output
    assert "Cara pakai:" in r.output and "Tampilkan bantuan ini lalu keluar" in r.output
    assert f"{KELUAR_SALAH_PAKAI} perintah salah ketik" in r.output  # the exit codes, documented
    assert _asing(r.output) == [], r.output


SALAH_PAKAI = [
    (["periksa"], "BERKAS belum disebutkan"),
    (["tidakada"], "perintah 'tidakada' tidak dikenal"),
    (["periks"], "mungkin maksudnya 'periksa'"),
    (["periksa", "x.xlsm", "--tidak-ada"], "pilihan --tidak-ada tidak dikenal"),
    (["rekap", "x", "-j", "abc"], "nilai --proses/-j tidak sah: harus bilangan bulat"),
    (["metode", "a", "b"], "argumen berlebih: b"),
    (["laporan", "x.xlsm", "-o"], "pilihan -o memerlukan nilai"),
    (["metode", "tidak_ada"], "metode 'tidak_ada' tidak dikenal"),
    (["periksa", "x.xlsm", "-f", "pdf"], "format 'pdf' tidak dikenal"),
    (["audit", "--banding", "a.xlsm"], "tepat dua berkas"),
    (["hitung", "x.xlsm", "-o", "d", "--tulis"], "pilih salah satu: -o FOLDER atau --tulis"),
    (["rekap", "x", "-o", "rekap.csv"], "harus berakhiran .xlsx"),
    (["ekspor", "x.xlsm", "-f", "xml"], "format 'xml' tidak dikenal"),
    (["impor", "x.json", "--tabel", "lain"], ""),
]


@pytest.mark.parametrize(("args", "pesan"), SALAH_PAKAI, ids=lambda a: " ".join(a))
def test_salah_pakai_berbahasa_indonesia_dengan_cara_pakai_dan_keluar_64(args, pesan, tmp_path):
    r = CliRunner().invoke(app, args, env={"TERMINAL_WIDTH": "200"})
    if args[0] == "impor":  # the source must exist before the options are looked at
        j = tmp_path / "x.json"
        j.write_text("{}", encoding="utf-8")
        r = CliRunner().invoke(app, ["impor", str(j), "--tabel", "lain"])
        pesan = "--tabel 'lain' tidak dikenal"
    assert r.exit_code == KELUAR_SALAH_PAKAI, r.output
    assert "Salah pakai:" in r.output and pesan in r.output
    assert _asing(r.output) == [], r.output


def test_galat_parser_menampilkan_cara_pakai_perintahnya():
    r = _jalankan("periksa", "--tidak-ada")
    assert "Cara pakai: " in r.output and "periksa [PILIHAN] BERKAS..." in r.output
    assert "Bantuan: " in r.output and "periksa --help" in r.output


def test_berkas_tidak_ada_keluar_2_bukan_64_dan_nama_tidak_berulang(tmp_path):
    hilang = tmp_path / "tidakada.xlsm"
    r = _jalankan("hitung", str(hilang))
    assert r.exit_code == 2, r.output
    assert "tidakada.xlsm: berkas tidak ditemukan" in r.output
    assert r.output.count("tidakada.xlsm") == 1, r.output


def test_audit_pada_nama_salah_ketik_tidak_menyuruh_ctrl_s(tmp_path):
    r = _jalankan("audit", str(tmp_path / "tidakada.xlsm"))
    assert r.exit_code == 2
    assert "berkas tidak ditemukan; periksa nama dan foldernya" in r.output
    assert "Ctrl+S" not in r.output


def test_periksa_memakai_proses_j_dan_jobs_lama_tetap_diterima(tmp_path):
    assert "--proses" in _jalankan("periksa", "--help").output
    assert "--jobs" not in _jalankan("periksa", "--help").output  # hidden alias
    for opsi in ("--proses", "-j", "--jobs"):
        r = _jalankan("periksa", str(tmp_path / "x.xlsm"), opsi, "1")
        assert r.exit_code == 2, r.output  # read, found missing: not a usage error


def test_ukuran_templat_dalam_kb_format_indonesia(tmp_path):
    r = _jalankan("templat", "-o", str(tmp_path / "t.xlsm"))
    assert r.exit_code == 0, r.output
    assert re.search(r"\d+,\d\sKB\)", r.output) and "byte" not in r.output
    assert teks_ukuran(850) == "850\u00a0byte" and teks_ukuran(108_599) == "106,1\u00a0KB"
    assert teks_ukuran(5 * 1024 * 1024) == "5,0\u00a0MB"


def test_bilah_kemajuan_hanya_di_terminal(tmp_path, monkeypatch):
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert tampilkan_kemajuan(Terminal())
    assert not tampilkan_kemajuan(open(tmp_path / "log.txt", "w"))  # noqa: SIM115
    monkeypatch.setenv("CI", "true")
    assert not tampilkan_kemajuan(Terminal())


def test_bilah_kemajuan_tidak_mengotori_keluaran_pipa(tmp_path):
    for i in range(3):
        (tmp_path / f"b{i}.xlsx").write_bytes(b"bukan excel")
    p = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "periksa", str(tmp_path), "-j", "1"],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 2
    assert "━" not in p.stderr and "Memeriksa" not in p.stderr + p.stdout
