"""The catalogue of findings: every code once (severity, Indonesian message template), and the
registry of the check functions that emit them.

`KATALOG` declares each code; codes are stable (add new ones, never renumber). A code's message is
``"<tempat>: <judul><tambahan>. <saran>"``: `judul` and `saran` are templates whose ``{nama}``
fields the check fills; `tempat` names the cell, area or file. A code may have variants (the same
code said of the whole file, or with another severity).

A check is a function registered on `PERIKSA` or `AUDIT` (`DAFTAR`, by source) with the codes
it may emit (``@PERIKSA.cek("ISI01")``); the runners call them in registration order (Periksa's
report order; the audit sorts cell findings by cell) and refuse a code a check did not register.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from xlkinerja.cek.temuan import GALAT, INFO, PERINGATAN, TIDAK_TERBACA, Temuan
from xlkinerja.inti.rumus import Nilai


@dataclass(frozen=True)
class Varian:
    """Another message or severity of the same code; None keeps the code's own."""

    tingkat: str | None = None
    judul: str | None = None
    saran: str | None = None
    titik: bool | None = None


@dataclass(frozen=True)
class Kode:
    """One finding code: its severity, what is wrong (`judul`) and what to do (`saran`).
    `titik`: the message is a sentence ending in a full stop (banding lines are phrases)."""

    kode: str
    tingkat: str
    judul: str
    saran: str = ""
    titik: bool = True
    varian: Mapping[str, Varian] = field(default_factory=dict, compare=False)

    def pilih(self, varian: str | None) -> Kode:
        """This code, or one of its variants as a code of its own."""
        if varian is None:
            return self
        v = self.varian[varian]
        ubah = {k: getattr(v, k) for k in ("tingkat", "judul", "saran", "titik")}
        return replace(self, varian={}, **{k: x for k, x in ubah.items() if x is not None})

    def pesan(self, tempat: str = "", tambahan: str = "", **isi: object) -> str:
        """The message: where, what is wrong (+ `tambahan`), what to do; `isi` fills the
        templates' fields."""
        awal = f"{tempat}: " if tempat else ""
        akhir = "." if self.titik else ""
        saran = f" {self.saran.format(**isi)}" if self.saran else ""
        return f"{awal}{self.judul.format(**isi)}{tambahan}{akhir}{saran}"


_HITUNG = "Biarkan sel berisi rumus templat (tekan Hitung Capaian/Efisiensi)."
_PASANG = "Tekan Hitung Capaian/Efisiensi untuk memasang ulang."
_NARASI = "Turunkan angka narasi dari tabel (tombol Isi Narasi)."

_DAFTAR: list[Kode] = [
    # == Periksa ==================================================================================
    # -- recomputation against the workbook's methodology
    Kode("CAP01", GALAT, "capaian tidak sama dengan hitung ulang", _HITUNG),
    Kode("CAP02", GALAT, "capaian setelah batas tidak sesuai batas", _HITUNG),
    Kode("CAP03", GALAT, "capaian terhadap target akhir tidak sesuai", _HITUNG),
    Kode(
        "CAP04",
        GALAT,
        "capaian tahun lalu tidak sama dengan realisasi tahun lalu dibanding target Renstra "
        "tahun lalu",
        "Biarkan sel berisi rumus templat (tekan Hitung Capaian); bila target atau realisasi "
        "tahun lalu memang tidak ada, ketik capaiannya di kolom 'Capaian Tahun Lalu (isian …)'.",
    ),
    Kode("PRD01", GALAT, "predikat tidak sesuai skala", _HITUNG),
    Kode("PRD02", GALAT, "predikat sasaran tidak sesuai skala", _HITUNG),
    Kode("PRD03", GALAT, "predikat misi/keseluruhan tidak sesuai skala", _HITUNG),
    Kode(
        "PRD04",
        GALAT,
        "predikat bukan salah satu pita skala buku kerja ini (skala lain tercampur?)",
        "Gunakan satu skala (lembar Skala) untuk semua predikat.",
    ),
    Kode("RAT01", GALAT, "rata-rata capaian sasaran tidak sesuai", _HITUNG),
    Kode("RAT02", GALAT, "rata-rata capaian misi tidak sesuai", _HITUNG),
    Kode("RAT03", GALAT, "capaian keseluruhan tidak sesuai", _HITUNG),
    Kode("ANG01", GALAT, "pagu baris induk tidak sama dengan jumlah rinciannya", _HITUNG),
    Kode("ANG02", GALAT, "realisasi baris induk tidak sama dengan jumlah rinciannya", _HITUNG),
    Kode(
        "ANG03", GALAT, "baris jumlah anggaran tidak sama dengan jumlah baris per tingkat", _HITUNG
    ),
    Kode(
        "ANG04",
        GALAT,
        "Belanja Operasi tidak sama dengan Belanja Pegawai + Belanja Barang dan Jasa",
        _HITUNG,
    ),
    Kode(
        "ANG05", GALAT, "Total Belanja tidak sama dengan Belanja Operasi + Belanja Modal", _HITUNG
    ),
    Kode(
        "ANG06",
        PERINGATAN,
        "total menurut jenis belanja tidak sama dengan jumlah pagu/realisasi program",
        "Samakan sumber angka (DPA/LRA) kedua tabel.",
    ),
    Kode(
        "ANG07",
        PERINGATAN,
        "realisasi melebihi pagu",
        "Periksa angka realisasi atau pagu perubahan.",
    ),
    Kode("SER01", GALAT, "% serapan tidak sama dengan realisasi / pagu", _HITUNG),
    Kode("SER02", GALAT, "sisa tidak sama dengan pagu − realisasi", _HITUNG),
    Kode("EFI01", GALAT, "capaian sasaran di tabel efisiensi tidak sesuai", _HITUNG),
    Kode("EFI02", GALAT, "% serapan sasaran tidak sesuai anggaran yang dipetakan", _HITUNG),
    Kode("EFI03", GALAT, "efisiensi tidak sesuai metode", _HITUNG),
    Kode("EFI04", GALAT, "kategori efisiensi tidak sesuai metode", _HITUNG),
    Kode("HIT01", GALAT, "nilai tidak sama dengan hitung ulang", _HITUNG),
    Kode(
        "HIT02",
        INFO,
        "angka diketik di sel yang seharusnya berisi rumus (nilainya sesuai hitung ulang)",
        "Rumus tidak akan mengikuti bila isian berubah; tekan Hitung Capaian/Efisiensi.",
    ),
    Kode(
        "BUL01",
        PERINGATAN,
        "nilai hanya cocok dengan mode pembulatan lain",
        "Gunakan satu mode pembulatan (Pengaturan) untuk seluruh laporan.",
    ),
    Kode(
        "SAT01",
        GALAT,
        "satuan berbeda: nilai tampak ditulis sebagai pecahan/persen yang tertukar",
        "Tulis persen sebagai angka persen (85,71, bukan 0,8571).",
    ),
    Kode(
        "SAT02",
        GALAT,
        "efisiensi dihitung dengan capaian dalam persen, padahal rumus memerlukan pecahan",
        "Capaian 97,03% dimasukkan sebagai 0,9703 (PMK 214/PMK.02/2017).",
    ),
    # -- methodology consistency
    Kode(
        "MET01",
        GALAT,
        "batas atas capaian tidak diterapkan di sel ini, padahal metodologi menerapkannya",
        "Terapkan batas yang sama di semua tabel (Pengaturan: batas atas).",
    ),
    Kode(
        "POL01",
        PERINGATAN,
        "nama indikator menyebut penurunan, tetapi polaritasnya positif",
        "Bila angka yang lebih kecil lebih baik, isi polaritas 'negatif'.",
    ),
    Kode(
        "SKL01",
        GALAT,
        "skala predikat tidak sah (celah, tumpang tindih atau pita terbalik)",
        "Perbaiki batas pita di lembar Skala.",
    ),
    # -- realisasi as a count pair
    Kode(
        "RLS01",
        GALAT,
        "realisasi tidak sama dengan pembilang / penyebut × 100",
        "Periksa pembilang, penyebut atau realisasinya.",
    ),
    # -- cross-sheet
    Kode(
        "PK01",
        GALAT,
        "anggaran program di PK tidak sama dengan pagu di lembar Anggaran",
        "Samakan dengan DPA, atau catat Perubahan PK.",
    ),
    Kode(
        "PK02",
        GALAT,
        "target PK tidak sama dengan target Renstra tahun ini",
        "Samakan target, atau catat dasar perubahannya (Renstra perubahan) di Keterangan.",
    ),
    Kode(
        "PK03",
        GALAT,
        "target di Pengukuran tidak sama dengan target PK yang berlaku (Perubahan PK bila ada)",
        "Pengukuran memakai target PK yang ditandatangani.",
    ),
    Kode(
        "RKT01",
        GALAT,
        "target RKT tidak sama dengan target Renstra tahun ini",
        "Perbarui target RKT dari Renstra tahun yang bersangkutan.",
    ),
    Kode(
        "NAM01",
        PERINGATAN,
        "kode indikator yang sama bernama lain dari di lembar Renstra",
        "Satu indikator, satu nama di semua tabel.",
    ),
    Kode(
        "NAM02",
        PERINGATAN,
        "kode sasaran yang sama bernama lain dari di tabel lain",
        "Satu sasaran, satu nama dan satu kode di semua tabel.",
    ),
    Kode(
        "REN01",
        PERINGATAN,
        "target Renstra menyimpang jauh dari deret target tahun lainnya (salah ketik digit?)",
        "Bandingkan dengan dokumen Renstra/SK IKU.",
    ),
    # -- narrative
    Kode(
        "NAR01",
        GALAT,
        "jumlah yang disebut di narasi tidak sama dengan tabel",
        _NARASI,
        # Isi Narasi reports a template that failed under this code too
        varian={"templat": Varian(judul="{galat}", saran="", titik=False)},
    ),
    Kode(
        "NAR02",
        GALAT,
        "rekap predikat di narasi tidak sama dengan predikat di Pengukuran",
        _NARASI,
    ),
    Kode(
        "NAR03",
        GALAT,
        "terbilang tidak sama dengan angkanya",
        "Tulis ulang terbilang dari angkanya.",
    ),
    Kode("NAR04", GALAT, "jumlah uang di narasi tidak sama dengan tabel", _NARASI),
    Kode(
        "NAR05",
        PERINGATAN,
        "narasi menyebut angka berbeda untuk hal yang sama",
        "Samakan angka di semua bagian laporan.",
    ),
    Kode(
        "ISI01",
        GALAT,
        "isian tidak dapat dihitung",
        "Ketik angkanya saja (tanpa Rp, satuan atau %); rumus yang memakainya menampilkan galat.",
    ),
    # -- completeness
    Kode("LEN01", PERINGATAN, "indikator tanpa target", "Isi target PK tahun ini."),
    Kode(
        "LEN02",
        PERINGATAN,
        "realisasi belum diisi, sehingga capaiannya tidak dapat dihitung dan rata-rata sasaran "
        "dihitung tanpa angka indikator ini",
        "Isi realisasinya, atau tulis '-' bila memang belum ada data.",
    ),
    Kode(
        "LEN03",
        INFO,
        "program tanpa sasaran yang didukung (kolom 'Mendukung Sasaran' kosong)",
        "Isi kode sasaran pada program, kegiatan atau sub kegiatan pendukungnya.",
    ),
    Kode(
        "LEN04",
        PERINGATAN,
        "kode sasaran tidak ada di tabel sasaran lembar Pengukuran",
        "Periksa kode sasaran.",
    ),
    Kode(
        "LEN05",
        PERINGATAN,
        "sasaran di tabel efisiensi tanpa anggaran yang dipetakan",
        "Isi kode sasaran di kolom 'Mendukung Sasaran' lembar Anggaran.",
    ),
    Kode("LEN06", PERINGATAN, "sel wajib kosong", "Lengkapi isian tabel."),
    # -- the budget tree and the tables' bounds (cek/hierarki.py)
    Kode(
        "HIR01",
        GALAT,
        "'Mendukung Sasaran' diisi pada baris ini dan pada baris induknya dengan sasaran yang "
        "sama, sehingga anggaran baris ini dihitung ganda dalam pagu dan realisasi sasaran itu",
        "Isi kode sasaran hanya pada satu tingkat di setiap jalur program → kegiatan → sub "
        "kegiatan: kosongkan sel ini, atau kosongkan sel induknya dan isi pada setiap rinciannya.",
    ),
    Kode(
        "HIR02",
        GALAT,
        "kode tidak diawali kode induk tepat di atasnya, sehingga anggarannya tidak dijumlahkan "
        "ke induk itu",
        "Perbaiki kodenya (kode induk + '.' + nomor) atau pindahkan baris ke bawah induk yang "
        "sesuai kodenya.",
    ),
    Kode(
        "LUAR01",
        GALAT,
        "isian di luar tabel: tidak dibaca rumus maupun perintah xlkinerja",
        "Sisipkan baris di dalam tabel (klik kanan nomor baris → Sisipkan) lalu pindahkan isinya "
        "ke baris itu.",
    ),
    Kode(
        "LUAR02",
        PERINGATAN,
        "teks di luar tabel: tidak dibaca rumus maupun perintah xlkinerja",
        "Bila ini baris tabel, sisipkan baris di dalam tabel (klik kanan nomor baris → Sisipkan) "
        "lalu pindahkan isinya ke baris itu; bila catatan, biarkan.",
    ),
    # -- Kinerja Program: indicators of program, kegiatan and sub kegiatan rows
    Kode(
        "PRG01",
        GALAT,
        "capaian indikator program/kegiatan/sub kegiatan tidak sama dengan realisasi / target",
        _HITUNG,
    ),
    Kode("PRG02", GALAT, "capaian setelah batas indikator program tidak sesuai batas", _HITUNG),
    Kode("PRG03", GALAT, "predikat indikator program tidak sesuai skala", _HITUNG),
    Kode(
        "PRG04",
        GALAT,
        "angka anggaran tidak sama dengan baris kode ini di lembar Anggaran",
        "Biarkan sel berisi rumus templat (tekan Hitung Capaian); angka anggaran diisi di lembar "
        "Anggaran.",
    ),
    Kode(
        "PRG05",
        PERINGATAN,
        "capaian indikator sama dengan % serapan anggaran baris ini, bukan realisasi / target "
        "(serapan tertulis sebagai capaian?)",
        "Capaian indikator dihitung dari realisasi dan target indikatornya; serapan anggaran "
        "ada di kolom Serapan.",
    ),
    Kode(
        "PRG06",
        PERINGATAN,
        "angka indikator program sama persis dengan angka salah satu sub kegiatannya, padahal "
        "program itu punya lebih dari satu sub kegiatan (angka sub kegiatan tersalin ke baris "
        "program?)",
        "Isi target dan realisasi program dari indikator program itu sendiri (Renstra/RKT).",
    ),
    Kode(
        "PRG07",
        GALAT,
        "kode program/kegiatan/sub kegiatan tidak ada di lembar Anggaran",
        "Samakan kodenya dengan kolom Kode di lembar Anggaran, atau tambahkan barisnya di sana.",
    ),
    Kode(
        "PRG08",
        GALAT,
        "indikator input (anggaran) tidak sama dengan angka baris ini di lembar Anggaran",
        "Target indikator input anggaran = pagu, realisasinya = realisasi anggaran (lembar "
        "Anggaran).",
    ),
    Kode(
        "PRG09",
        PERINGATAN,
        "jenis indikator tidak sesuai tingkatnya: outcome adalah indikator program, output "
        "indikator kegiatan dan sub kegiatan",
        "Pindahkan indikator ke baris tingkat yang benar (kode program/kegiatannya) atau "
        "perbaiki jenisnya.",
    ),
    # -- Jenjang Kinerja (PK of every official) and Rencana Aksi (issue 18)
    Kode(
        "JEN01", GALAT, "capaian indikator jenjang kinerja tidak sama dengan hitung ulang", _HITUNG
    ),
    Kode("JEN02", GALAT, "predikat indikator jenjang kinerja tidak sesuai skala", _HITUNG),
    Kode(
        "JEN03",
        GALAT,
        "pagu tidak sama dengan baris kode anggaran ini di lembar Anggaran",
        "Biarkan sel berisi rumus templat (tekan Hitung Capaian); pagu diisi di lembar Anggaran.",
    ),
    Kode(
        "JEN04",
        GALAT,
        "angka tahunan rencana aksi tidak sama dengan hitung ulang dari triwulan",
        _HITUNG,
    ),
    Kode(
        "JEN05",
        PERINGATAN,
        "indikator pejabat di bawah eselon II tanpa kode induk",
        "Isi kolom Kode Induk dengan kode sasaran atau indikator atasan yang diturunkan.",
    ),
    Kode(
        "JEN06",
        GALAT,
        "kode induk tidak ada sebagai kode sasaran atau indikator pejabat di atasnya",
        "Samakan dengan kolom Kode Sasaran/Kode Indikator baris atasan di lembar Jenjang Kinerja "
        "(atau kode sasaran di lembar Pengukuran).",
    ),
    Kode(
        "JEN07",
        GALAT,
        "kode program/kegiatan/sub kegiatan tidak ada di lembar Anggaran",
        "Samakan kodenya dengan kolom Kode di lembar Anggaran, atau tambahkan barisnya di sana.",
    ),
    Kode(
        "JEN08",
        PERINGATAN,
        "anggaran bawahan tidak berjumlah sama dengan anggaran atasan",
        "Periksa pembagian program/kegiatan/sub kegiatan kepada pejabat di bawahnya.",
    ),
    Kode(
        "JEN09",
        PERINGATAN,
        "baris anggaran yang sama ditugaskan kepada dua pejabat setingkat",
        "Tetapkan satu penanggung jawab untuk setiap program/kegiatan/sub kegiatan.",
    ),
    Kode(
        "JEN10",
        PERINGATAN,
        "sub kegiatan di lembar Anggaran tidak ditugaskan kepada pejabat mana pun",
        "Cantumkan kodenya pada baris PK pejabat penanggung jawab di lembar Jenjang Kinerja.",
    ),
    Kode("JEN11", INFO, "perubahan PK (murni → perubahan)", ""),
    Kode(
        "JEN12",
        GALAT,
        "realisasi triwulan tidak menghasilkan realisasi tahunan indikator ini",
        "Samakan realisasi di lembar Jenjang Kinerja dengan realisasi triwulan di Rencana Aksi "
        "(atau periksa cara menjumlah triwulannya).",
    ),
    Kode(
        "JEN13",
        PERINGATAN,
        "nama/NIP pejabat berbeda dengan yang tercatat di tempat lain",
        "Samakan nama dan NIP dengan blok tanda tangan (lembar Pengaturan) dan dokumen "
        "kepegawaian; NIP terdiri atas 18 angka.",
    ),
    Kode(
        "JEN14",
        PERINGATAN,
        "target berbeda dengan target induk yang mengukur indikator yang sama",
        "Samakan target turunan dengan target atasan, atau bedakan nama indikatornya.",
    ),
    Kode(
        "JEN15",
        PERINGATAN,
        "kode indikator rencana aksi tidak ada di lembar Jenjang Kinerja",
        "Samakan kodenya dengan kolom Kode Indikator lembar Jenjang Kinerja.",
    ),
    Kode(
        "JEN16",
        PERINGATAN,
        "target triwulan tidak menghasilkan target tahunan indikator ini",
        "Samakan target triwulan dengan target PK di lembar Jenjang Kinerja.",
    ),
    # -- Renstra Pendanaan and budget versions (issue 17, cek/renstra.py)
    Kode(
        "REN02",
        GALAT,
        "pagu Renstra baris induk tidak sama dengan jumlah pagu rinciannya pada tahun itu",
        "Samakan pagu induk dengan jumlah pagu kegiatan/sub kegiatan di bawahnya (kode yang "
        "diawali kode induk), atau perbaiki pagu rinciannya.",
    ),
    Kode(
        "REN03",
        GALAT,
        "pagu akhir periode Renstra tidak sama dengan jumlah pagu lima tahunnya",
        "Periksa pagu tiap tahun dan jumlah yang tercetak; kolom Jumlah Pagu Lima Tahun "
        "menghitungnya.",
    ),
    Kode(
        "REN04",
        INFO,
        "pagu tahun ini berbeda dari pagu indikatif Renstra tahun ini",
        "Selisihnya tampil di kolom Selisih Pagu − Renstra; jelaskan di Keterangan bila perlu.",
    ),
    Kode(
        "VER01",
        INFO,
        "anggaran program di PK sama dengan pagu murni, sedangkan perhitungan memakai pagu "
        "perubahan (beda versi anggaran, bukan kesalahan)",
        "Catat Anggaran Perubahan PK bila PK diubah setelah APBD perubahan.",
    ),
    Kode(
        "VER02",
        GALAT,
        "pagu tidak sama dengan pagu versi yang dipakai perhitungan (Pengaturan: Versi pagu "
        "yang dipakai perhitungan)",
        "Isi kolom Pagu dengan pagu versi itu, atau ubah pilihan di lembar Pengaturan.",
    ),
    # == Audit Rumus ==============================================================================
    # `tempat`: the cells ("Pengukuran!L6:L20 (15 sel)") or the file name
    Kode(
        "AUD01",
        GALAT,
        "angka diketik di sel yang seharusnya berisi rumus{kolom}",
        _PASANG,
        varian={
            "kolom": Varian(
                judul="angka diketik di tengah kolom yang berisi rumus yang sama di atas dan di "
                "bawahnya",
                saran="Salin rumus dari {sumber} ke sel ini bila angka ini seharusnya dihitung.",
            )
        },
    ),
    Kode(
        "AUD02",
        GALAT,
        "rumus berbeda dari rumus templat untuk kolom ini{kolom} (metode {metode} yang dipilih "
        "di lembar Pengaturan){tetangga}",
        _PASANG,
        varian={
            "berkas": Varian(
                PERINGATAN,
                "tampak seperti templat xlkinerja tetapi tidak terbaca sebagai templat "
                "({masalah}); hanya pemeriksaan umum yang dijalankan",
                saran="",
            )
        },
    ),
    Kode("AUD03", GALAT, "rumus hilang (sel kosong){kolom}", _PASANG),
    Kode(
        "AUD04",
        PERINGATAN,
        "rumus berbeda dari rumus di sel sebelah-menyebelahnya dalam {arah} yang sama "
        "({rujukan} dan seterusnya)",
        "Bila tidak disengaja, salin rumus dari {rujukan} ke sel ini.",
    ),
    Kode(
        "AUD05",
        GALAT,
        "referensi melingkar: rumus ini bergantung pada hasilnya sendiri ({siklus})",
        "Ubah salah satu rumus agar tidak merujuk kembali ke sel dalam lingkaran ini.",
    ),
    Kode(
        "AUD06",
        PERINGATAN,
        "rentang {rentang} berhenti satu baris sebelum akhir bloknya: {lewat} berisi angka "
        "sejenis tetapi tidak ikut dihitung",
        "Perluas rentang sampai {lewat} bila baris itu termasuk.",
    ),
    Kode(
        "AUD07",
        PERINGATAN,
        "angka tersimpan sebagai teks ('{teks}'); rumus tidak menghitungnya sebagai angka",
        "Ketik ulang sebagai angka: {angka}.",
        varian={"isian": Varian(GALAT)},  # in a number input of the template
    ),
    Kode(
        "AUD08",
        GALAT,
        "nilai yang tersimpan di berkas ({tersimpan}) berbeda dari hasil hitung ulang rumusnya "
        "({hitung})",
        "Buka berkas di Excel, tekan Ctrl+Alt+F9 (hitung ulang semua) lalu simpan; bila tetap "
        "berbeda, periksa rumusnya.",
    ),
    Kode(
        "AUD09",
        PERINGATAN,
        "rumus memakai fungsi yang tidak dikenal mesin hitung ulang ({fungsi}), jadi nilainya "
        "tidak dapat diverifikasi",
        "Periksa nilainya di Excel, atau ganti fungsi itu dengan fungsi yang umum.",
    ),
    Kode(
        "AUD10",
        PERINGATAN,
        "rumus tidak dapat dihitung ulang: {galat}",
        "Periksa tulisan rumusnya di Excel.",
    ),
    Kode(
        "AUD11",
        INFO,
        "rumus merujuk sel kosong ({rujukan}), yang dihitung sebagai 0",
        "Pastikan sel itu memang sengaja dikosongkan.",
    ),
    Kode(
        "AUD12",
        PERINGATAN,
        "rumus merujuk ke berkas lain, jadi hasilnya tidak dapat diperiksa di sini",
        "Salin nilai dari berkas sumber atau hapus tautannya (Data → Edit Links).",
        varian={
            "berkas": Varian(
                judul="buku kerja bertaut ke berkas lain ({tautan}); angkanya bergantung pada "
                "berkas itu",
                saran="Di Excel: Data → Edit Links → Break Link, atau salin nilainya ke buku kerja "
                "ini.",
            )
        },
    ),
    Kode(
        "AUD13",
        PERINGATAN,
        "mode perhitungan buku kerja Manual, jadi angka yang tampil bisa belum dihitung ulang",
        "Di Excel: Rumus → Opsi Perhitungan → Otomatis, lalu simpan.",
    ),
    Kode(
        "AUD14",
        INFO,
        "{tanpa} dari {semua} sel rumus tidak menyimpan nilai (berkas disimpan oleh program yang "
        "tidak menghitung); nilai sel itu tidak dibandingkan",
        "Buka dan simpan di Excel agar nilainya ikut diperiksa.",
    ),
    Kode(
        "AUD15",
        GALAT,
        "rumus berisi #REF!: sel atau lembar yang dirujuk sudah dihapus",
        "Tulis ulang rujukannya ke sel yang benar.",
    ),
    Kode(
        "AUD16",
        INFO,
        "{n} sel rumus memakai fungsi yang berubah setiap dihitung (NOW, TODAY, RAND, OFFSET, "
        "INDIRECT ...); nilai tersimpannya tidak dibandingkan",
    ),
    Kode(
        "AUD17",
        GALAT,
        "nilai galat {galat} diketik di sel isian{kolom}, sehingga setiap rumus yang memakainya "
        "ikut galat",
        "Hapus galat itu dan ketik nilainya, atau tulis '-' bila memang belum ada data.",
    ),
    # == Banding (two versions of a workbook) =====================================================
    Kode("BND01", INFO, "isian berubah dari {lama} menjadi {baru}", titik=False),
    Kode("BND02", INFO, "rumus berubah dari {lama} menjadi {baru}", titik=False),
    Kode(
        "BND03", INFO, "hasil rumus berubah{jumlah} (mis. {contoh}: {lama} → {baru})", titik=False
    ),
    Kode("BND04", INFO, "{n} baris ditambahkan (baris {baris}: {label})", titik=False),
    Kode("BND05", INFO, "{n} baris dihapus (baris {baris} di versi lama: {label})", titik=False),
    Kode("BND06", INFO, "lembar {lembar} {arah}", titik=False),
    # == Actions ==================================================================================
    Kode(
        "H01",
        PERINGATAN,
        "nilai tampil {tampil} berbeda dari perhitungan Python {python} (metode {metode}); rumus "
        "dipasang ulang",
        "Bila angka ini diketik tangan, biarkan rumusnya.",
    ),
    # == A file that cannot be checked ============================================================
    # `alasan`: the reader's Indonesian message, which names the file
    Kode(
        "BACA01",
        TIDAK_TERBACA,
        "{alasan}",
        titik=False,
        varian={
            "internal": Varian(
                judul="audit berkas ini gagal karena galat internal xlkinerja (rinciannya di "
                "log); berkas tidak diubah",
                saran="Laporkan berkas ini ke pengelola xlkinerja",
                titik=True,
            )
        },
    ),
    Kode(
        "BACA02",
        TIDAK_TERBACA,
        "galat tak terduga saat memeriksa ({galat}); laporkan berkas ini kepada pengelola "
        "xlkinerja",
        titik=False,
    ),
]
KATALOG: dict[str, Kode] = {k.kode: k for k in _DAFTAR}

# Codes emitted outside the registered checks: unreadable files, a Skala the reader refuses,
# the comparison of two versions, and the actions' own findings.
DI_LUAR_CEK = frozenset(
    {"BACA01", "BACA02", "SKL01", "H01", "BND01", "BND02", "BND03", "BND04", "BND05", "BND06"}
)


# -- the registry of checks -----------------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True)
class Cek:
    """A registered check: its function and the codes it may emit."""

    fungsi: Callable[..., object]
    kode: frozenset[str]

    @property
    def nama(self) -> str:
        return self.fungsi.__name__


class KodeAsing(ValueError):
    """A check emitted a code it did not register."""


class Daftar:
    """The checks of one source (Periksa, Audit Rumus), in registration order."""

    def __init__(self, sumber: str) -> None:
        self.sumber = sumber
        self._cek: list[Cek] = []

    def cek(self, *kode: str) -> Callable[[F], F]:
        """Register the decorated function as a check emitting `kode` (declared in `KATALOG`)."""
        asing = [k for k in kode if k not in KATALOG]
        if not kode or asing:
            raise KodeAsing(f"kode tidak ada di KATALOG: {asing or 'tidak ada kode'}")

        def daftarkan(fungsi: F) -> F:
            self._cek.append(Cek(fungsi, frozenset(kode)))
            return fungsi

        return daftarkan

    def __iter__(self) -> Iterator[Cek]:
        return iter(tuple(self._cek))

    def kode(self) -> set[str]:
        """Every code a check of this source may emit."""
        return {k for c in self._cek for k in c.kode}


PERIKSA = Daftar("Periksa")
AUDIT = Daftar("Audit Rumus")
DAFTAR: dict[str, Daftar] = {d.sumber: d for d in (PERIKSA, AUDIT)}


def pastikan_kode(cek: Cek, kode: str) -> None:
    """Refuse a finding whose code its check did not register."""
    if kode not in cek.kode:
        raise KodeAsing(f"{cek.nama} mencatat {kode}, padahal terdaftar untuk {sorted(cek.kode)}")


def temuan(
    kode: str,
    sumber: str,
    *,
    tempat: str = "",
    tambahan: str = "",
    varian: str | None = None,
    isi: Mapping[str, object] | None = None,
    lembar: str | None = None,
    sel: str | None = None,
    tercatat: Nilai = None,
    seharusnya: Nilai = None,
    file: str | None = None,
) -> Temuan:
    """A finding of `kode` (or its `varian`): severity and message from the catalogue, the
    message opened by `tempat` and filled from `isi`."""
    k = KATALOG[kode].pilih(varian)
    return Temuan(
        kode=kode,
        tingkat=k.tingkat,
        pesan=k.pesan(tempat, tambahan, **(isi or {})),
        lembar=lembar,
        sel=sel,
        tercatat=tercatat,
        seharusnya=seharusnya,
        sumber=sumber,
        file=file,
    )
