"""The byte-preserving writer (`xlkinerja.buku.tulis_xml`) on real workbooks.

A filled template gets, by editing its zip parts (openpyxl cannot make or keep most of them), a
chart, a text box and an image in a drawing, sparklines and an x14 data bar on Pengukuran, a
threaded comment with its persons part on Anggaran, and a custom XML part. `hitung`, `narasi`
and `hitung --tulis` run through the command line; each part must come out byte for byte, and
the cells must hold the methodology's formulas with the Python reference as cached values.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlkinerja.buku.antarmuka import AWALAN_CATATAN, WARNA_TANDA, GalatBuku, pisah_sel
from xlkinerja.buku.baca_cepat import baca_isi
from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.buku.paket import _tulis_zip, bagian_zip
from xlkinerja.buku.tulis_xml import Isi, Penulis, Perubahan, tulis
from xlkinerja.inti.metode import muat
from xlkinerja.mesin.libreoffice import hitung_ulang, soffice
from xlkinerja.muka.aksi import hitung_capaian
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import baca, rujukan, rumus_buku
from xlkinerja.templat.bangun import bangun_workbook, simpan_xlsm
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.sampel import instansi_sampel

ROOT = Path(__file__).resolve().parents[1]
P, A = S.PENGUKURAN, S.ANGGARAN
CAPAIAN = f"{P.huruf('capaian')}{P.baris_awal + 2}"  # typed 999 over its formula
PAGU = f"{A.huruf('pagu')}{A.baris_awal}"  # a program's pagu typed over its SUMIFS
NS_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
NS_XM = "http://schemas.microsoft.com/office/excel/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

GRAFIK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" \
xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{R}"><c:chart>\
<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Capaian indikator</a:t></a:r></a:p></c:rich>\
</c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>\
<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser>\
<c:idx val="0"/><c:order val="0"/><c:tx><c:v>Capaian (%)</c:v></c:tx><c:cat><c:strRef>\
<c:f>Pengukuran!$B$6:$B$21</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>Pengukuran!$M$6:$M$21\
</c:f></c:numRef></c:val></c:ser><c:axId val="111"/><c:axId val="222"/></c:barChart><c:catAx>\
<c:axId val="111"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>\
<c:axPos val="b"/><c:crossAx val="222"/></c:catAx><c:valAx><c:axId val="222"/><c:scaling>\
<c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>\
<c:crossAx val="111"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>"""


def _jangkar(k1: int, b1: int, k2: int, b2: int) -> str:
    def titik(k: int, b: int) -> str:
        return (
            f"<xdr:col>{k}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{b}</xdr:row><xdr:rowOff>0</xdr:rowOff>"
        )

    return f"<xdr:from>{titik(k1, b1)}</xdr:from><xdr:to>{titik(k2, b2)}</xdr:to>"


KOTAK_TEKS = (
    '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="Kotak Teks 1"/>'
    '<xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="2400000" cy="600000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    '<a:solidFill><a:srgbClr val="FFF2CC"/></a:solidFill></xdr:spPr><xdr:txBody>'
    '<a:bodyPr wrap="square" rtlCol="0" anchor="t"/><a:lstStyle/><a:p><a:r>'
    '<a:rPr lang="id-ID" sz="1100"/><a:t>Catatan Inspektorat: capaian diverifikasi</a:t></a:r>'
    "</a:p></xdr:txBody></xdr:sp>"
)
GAMBAR = (
    '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="4" name="Logo"/><xdr:cNvPicPr><a:picLocks '
    'noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId2"/>'
    '<a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="457200" cy="457200"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    "</xdr:spPr></xdr:pic>"
)
GAMBAR_DRAWING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" \
xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{R}" \
xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><xdr:twoCellAnchor>\
{_jangkar(24, 5, 32, 20)}<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" \
name="Grafik Capaian"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" \
y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData \
uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rId1"/>\
</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>\
<xdr:twoCellAnchor>{_jangkar(24, 21, 30, 25)}{KOTAK_TEKS}<xdr:clientData/></xdr:twoCellAnchor>\
<xdr:twoCellAnchor>{_jangkar(31, 21, 32, 25)}{GAMBAR}<xdr:clientData/></xdr:twoCellAnchor>\
</xdr:wsDr>"""
DATABAR_ID = "{00000000-000E-0000-0000-000001000000}"
DATABAR = (
    '<conditionalFormatting sqref="M6:M21"><cfRule type="dataBar" priority="30"><dataBar>'
    '<cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst><ext '
    f'uri="{{B025F937-C7B1-47D3-B67F-A62EFF666E3E}}" xmlns:x14="{NS_X14}"><x14:id>{DATABAR_ID}'
    "</x14:id></ext></extLst></cfRule></conditionalFormatting>"
)
EXT = (
    f'<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{NS_X14}">'
    f'<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="{NS_XM}"><x14:cfRule '
    f'type="dataBar" id="{DATABAR_ID}"><x14:dataBar minLength="0" maxLength="100" border="1" '
    'negativeBarBorderColorSameAsPositive="0"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"'
    '/><x14:borderColor rgb="FF638EC6"/><x14:negativeFillColor rgb="FFFF0000"/>'
    '<x14:axisColor rgb="FF000000"/></x14:dataBar></x14:cfRule><xm:sqref>M6:M21</xm:sqref>'
    "</x14:conditionalFormatting></x14:conditionalFormattings></ext>"
    f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{NS_X14}">'
    f'<x14:sparklineGroups xmlns:xm="{NS_XM}"><x14:sparklineGroup displayEmptyCellsAs="gap" '
    'markers="1"><x14:colorSeries rgb="FF376092"/><x14:colorNegative rgb="FFD00000"/>'
    '<x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FFD00000"/><x14:colorFirst '
    'rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/><x14:colorHigh rgb="FFD00000"/>'
    '<x14:colorLow rgb="FFD00000"/><x14:sparklines>'
    + "".join(
        f"<x14:sparkline><xm:f>Pengukuran!G{r}:I{r}</xm:f><xm:sqref>X{r}</xm:sqref></x14:sparkline>"
        for r in range(6, 22)
    )
    + "</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>"
)
UID = "{5E0B2C0A-7E34-4C8F-9C7A-1D2B3C4D5E6F}"
ORANG = "{A1B2C3D4-0000-4000-8000-000000000001}"
KOMENTAR_BERULIR = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" \
xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><threadedComment ref="C6" \
dT="2024-03-01T09:00:00.00" personId="{ORANG}" id="{UID}"><text>Mohon cek sumber data program \
ini</text></threadedComment></ThreadedComments>"""
ORANG_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" \
xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><person \
displayName="Inspektorat" id="{ORANG}" userId="inspektorat@contoh.go.id" providerId="None"/>\
</personList>"""
PENANDA = (  # the legacy note Excel keeps beside a threaded comment
    "[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment; "
    "however, any edits to it will get removed if the file is opened in a newer version of "
    "Excel. Learn more: https://go.microsoft.com/fwlink/?linkid=870924\n\nComment:\n    Mohon cek "
    "sumber data program ini"
)
KOMENTAR = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="xr" \
xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"><authors>\
<author>tc={UID}</author></authors><commentList><comment ref="C6" authorId="0" shapeId="0" \
xr:uid="{UID}"><text><t>{PENANDA}</t></text></comment></commentList></comments>"""
VML = """<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:\
office" xmlns:x="urn:schemas-microsoft-com:office:excel">
 <o:shapelayout v:ext="edit">
  <o:idmap v:ext="edit" data="1"/>
 </o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"
  path="m,l,21600r21600,l21600,xe">
  <v:stroke joinstyle="miter"/>
  <v:path gradientshapeok="t" o:connecttype="rect"/>
 </v:shapetype><v:shape id="_x0000_s1025" type="#_x0000_t202" style='position:absolute;
  margin-left:180pt;margin-top:60pt;width:108pt;height:59.25pt;z-index:1;visibility:hidden'
  fillcolor="infoBackground [80]" o:insetmode="auto">
  <v:fill color2="infoBackground [80]"/>
  <v:shadow color="none [81]" obscured="t"/>
  <v:path o:connecttype="none"/>
  <v:textbox style='mso-direction-alt:auto'>
   <div style='text-align:left'></div>
  </v:textbox>
  <x:ClientData ObjectType="Note">
   <x:MoveWithCells/>
   <x:SizeWithCells/>
   <x:AutoFill>False</x:AutoFill>
   <x:Row>5</x:Row>
   <x:Column>2</x:Column>
  </x:ClientData>
 </v:shape></xml>"""
XML_KUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8"?><lkjip xmlns="urn:contoh:lkjip"><instansi>'
    b"Dinas Contoh</instansi><tahun>2024</tahun></lkjip>"
)
XML_KUSTOM_PROPS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID='
    b'"{9C0B1A2E-3F4D-4E5F-8A9B-0C1D2E3F4A5B}" xmlns:ds="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>'
)
BAGIAN_TAMBAHAN = {
    "grafik": "xl/charts/chart1.xml",
    "gambar_dan_kotak_teks": "xl/drawings/drawing1.xml",
    "rel_gambar": "xl/drawings/_rels/drawing1.xml.rels",
    "gambar": "xl/media/image1.png",
    "komentar_berulir": "xl/threadedComments/threadedComment1.xml",
    "orang": "xl/persons/person.xml",
    "xml_kustom": "customXml/item1.xml",
    "xml_kustom_props": "customXml/itemProps1.xml",
}


def _rels(*rel: tuple[str, str, str]) -> bytes:
    isi = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in rel)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
        f'schemas.openxmlformats.org/package/2006/relationships">{isi}</Relationships>'
    ).encode()


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 32), (31, 78, 120)).save(buf, format="PNG")
    return buf.getvalue()


def _part(parts: dict[str, bytes], lembar: str) -> str:
    return Penulis(_tulis_zip(parts)).pkt.lembar[lembar]


def _sampel(ubah=None) -> bytes:
    m = muat("jember_2023")
    wb = bangun_workbook(m)
    isi_workbook(wb, instansi_sampel(), m)
    if ubah:
        ubah(wb)
    return simpan_xlsm(wb)


def _salah(wb) -> None:
    wb["Pengukuran"][CAPAIAN] = 999
    wb["Anggaran"][PAGU] = 1


def _tambah(data: bytes) -> bytes:
    """The parts openpyxl cannot make, added by editing the package."""
    parts = bagian_zip(data)
    ct = parts["[Content_Types].xml"].decode()
    ox, ms = "application/vnd.openxmlformats-officedocument.", "application/vnd.ms-excel."
    tipe = {
        "/xl/drawings/drawing1.xml": ox + "drawing+xml",
        "/xl/charts/chart1.xml": ox + "drawingml.chart+xml",
        "/xl/comments9.xml": ox + "spreadsheetml.comments+xml",
        "/xl/threadedComments/threadedComment1.xml": ms + "threadedcomments+xml",
        "/xl/persons/person.xml": ms + "person+xml",
        "/customXml/itemProps1.xml": ox + "customXmlProperties+xml",
    }
    tambah = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in tipe.items())
    tambah += '<Default Extension="png" ContentType="image/png"/>'
    tambah += f'<Default Extension="vml" ContentType="{ox}vmlDrawing"/>'
    if 'Extension="xml"' not in ct:
        tambah += '<Default Extension="xml" ContentType="application/xml"/>'
    parts["[Content_Types].xml"] = ct.replace("</Types>", tambah + "</Types>").encode()
    # Pengukuran: drawing (chart, text box, image), x14 data bar, sparklines
    pp = _part(parts, "Pengukuran")
    x = parts[pp].decode()
    x = x.replace("<worksheet ", f'<worksheet xmlns:r="{R}" ', 1)
    x = x.replace("<dataValidations", DATABAR + "<dataValidations", 1)
    x = x.replace("</worksheet>", '<drawing r:id="rId1"/>' + EXT + "</worksheet>")
    parts[pp] = x.encode()
    d, n = pp.rsplit("/", 1)
    parts[f"{d}/_rels/{n}.rels"] = _rels(("rId1", f"{R}/drawing", "../drawings/drawing1.xml"))
    parts["xl/drawings/drawing1.xml"] = GAMBAR_DRAWING.encode()
    parts["xl/drawings/_rels/drawing1.xml.rels"] = _rels(
        ("rId1", f"{R}/chart", "../charts/chart1.xml"),
        ("rId2", f"{R}/image", "../media/image1.png"),
    )
    parts["xl/charts/chart1.xml"] = GRAFIK.encode()
    parts["xl/media/image1.png"] = _png()
    # Anggaran: a threaded comment (with the legacy note and VML Excel keeps beside it)
    pa = _part(parts, "Anggaran")
    x = parts[pa].decode().replace("<worksheet ", f'<worksheet xmlns:r="{R}" ', 1)
    parts[pa] = x.replace("</worksheet>", '<legacyDrawing r:id="rId1"/></worksheet>').encode()
    d, n = pa.rsplit("/", 1)
    parts[f"{d}/_rels/{n}.rels"] = _rels(
        ("rId1", f"{R}/vmlDrawing", "../drawings/vmlDrawing9.vml"),
        ("rId2", f"{R}/comments", "../comments9.xml"),
        (
            "rId3",
            "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
            "../threadedComments/threadedComment1.xml",
        ),
    )
    parts["xl/drawings/vmlDrawing9.vml"] = VML.encode()
    parts["xl/comments9.xml"] = KOMENTAR.encode()
    parts["xl/threadedComments/threadedComment1.xml"] = KOMENTAR_BERULIR.encode()
    parts["xl/persons/person.xml"] = ORANG_XML.encode()
    # custom XML, related from the workbook
    parts["customXml/item1.xml"] = XML_KUSTOM
    parts["customXml/itemProps1.xml"] = XML_KUSTOM_PROPS
    parts["customXml/_rels/item1.xml.rels"] = _rels(
        ("rId1", f"{R}/customXmlProps", "itemProps1.xml")
    )
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rId900" Type="http://schemas.microsoft.com/office/2017/10/'
        'relationships/person" Target="persons/person.xml"/><Relationship Id="rId901" '
        f'Type="{R}/customXml" Target="../customXml/item1.xml"/></Relationships>',
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    return _tulis_zip(parts)


def _xlk(*argv: str) -> None:
    subprocess.run([sys.executable, "-m", "xlkinerja", *argv], check=True, capture_output=True)


@pytest.fixture(scope="module")
def berkas(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("tulis_xml")
    asli = tmp / "lkjip.xlsm"
    asli.write_bytes(_tambah(_sampel(_salah)))
    data = asli.read_bytes()
    _xlk("hitung", str(asli), "-o", str(tmp / "h"))
    _xlk("narasi", str(asli), "-o", str(tmp / "n"))
    (tmp / "t").mkdir()
    ditulis = tmp / "t" / "lkjip.xlsm"
    ditulis.write_bytes(data)
    _xlk("hitung", str(ditulis), "--tulis")
    assert asli.read_bytes() == data  # inputs are never modified
    return {
        "asli": asli,
        "hitung": tmp / "h" / "lkjip_dihitung.xlsm",
        "narasi": tmp / "n" / "lkjip_narasi.xlsm",
        "tulis": ditulis,
    }


def _baca(path: Path, part: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(part)


KELUARAN = ("hitung", "narasi", "tulis")


@pytest.mark.parametrize("keluaran", KELUARAN)
@pytest.mark.parametrize("bagian", sorted(BAGIAN_TAMBAHAN))
def test_bagian_yang_tidak_dimodelkan_openpyxl_utuh(berkas, keluaran, bagian):
    part = BAGIAN_TAMBAHAN[bagian]
    assert _baca(berkas[keluaran], part) == _baca(berkas["asli"], part)


@pytest.mark.parametrize("keluaran", KELUARAN)
def test_vba_ribbon_dan_urutan_anggota_utuh(berkas, keluaran):
    for part in ("xl/vbaProject.bin", "customUI/customUI14.xml", "_rels/.rels"):
        assert _baca(berkas[keluaran], part) == _baca(berkas["asli"], part)
    with zipfile.ZipFile(berkas["asli"]) as a, zipfile.ZipFile(berkas[keluaran]) as b:
        assert b.namelist()[: len(a.namelist())] == a.namelist()  # new parts only appended
        sama = {i.filename: i.compress_type for i in a.infolist()}
        assert all(sama[i.filename] == i.compress_type for i in b.infolist() if i.filename in sama)


@pytest.mark.parametrize("keluaran", KELUARAN)
def test_sparkline_dan_databar_x14_utuh(berkas, keluaran):
    part = Penulis(berkas["asli"].read_bytes()).pkt.lembar["Pengukuran"]
    x = _baca(berkas[keluaran], part).decode()
    assert EXT in x and DATABAR in x
    akhir = x.rindex(EXT)  # the sheet's own extLst stays last, after the drawings
    assert x.index('<drawing r:id="rId1"/>') < akhir and x.endswith(EXT + "</worksheet>")
    if keluaran != "narasi":  # notes on Pengukuran: the legacy drawing between the two
        assert x.index('<drawing r:id="rId1"/>') < x.index("<legacyDrawing ") < akhir


@pytest.mark.parametrize("keluaran", ("hitung", "tulis"))
def test_komentar_berulir_utuh_dan_catatan_ditambahkan_di_sampingnya(berkas, keluaran):
    komentar = _baca(berkas[keluaran], "xl/comments9.xml").decode()
    assert f'<comment ref="C6" authorId="0" shapeId="0" xr:uid="{UID}">' in komentar
    buku = BukuBerkas(berkas[keluaran])
    assert buku.catatan("Anggaran", "C6") == PENANDA
    assert buku.catatan("Anggaran", PAGU).startswith(AWALAN_CATATAN)
    vml = _baca(berkas[keluaran], "xl/drawings/vmlDrawing9.vml").decode()
    assert vml.startswith(VML[: -len("</xml>")])  # shapes added after the existing one
    assert vml.count('ObjectType="Note"') == komentar.count("<comment ") > 1


def test_rumus_dan_nilai_tersimpan_sama_dengan_rujukan_python(berkas):
    out = berkas["hitung"]
    b = baca(BukuBerkas(out))
    ruj, rumus = rujukan(b), rumus_buku(b)
    isi = baca_isi(out.read_bytes())
    wb = openpyxl.load_workbook(out)
    beda = []
    for (lembar, sel), f in rumus.items():
        if wb[lembar][sel].value != f:
            beda.append((lembar, sel, wb[lembar][sel].value, f))
    for (lembar, sel), v in ruj.items():
        tersimpan = isi.sel[lembar].get(pisah_sel(sel))
        if (tersimpan if tersimpan is not None else "") != v:
            beda.append((lembar, sel, tersimpan, v))
    assert len(ruj) > 1000 and not beda, beda[:5]
    assert isi.sel["Pengukuran"][pisah_sel(CAPAIAN)] == 126.66  # the 999 typed: formula again


def test_sel_yang_berbeda_ditandai_warna_dan_catatan(berkas):
    buku = BukuBerkas(berkas["hitung"])
    for lembar, sel in (("Pengukuran", CAPAIAN), ("Anggaran", PAGU)):
        assert buku.warna(lembar, sel) == WARNA_TANDA
        assert buku.catatan(lembar, sel).startswith(AWALAN_CATATAN + f"{lembar}!{sel}")
    wb = openpyxl.load_workbook(berkas["hitung"])  # as other readers see them
    assert wb["Pengukuran"][CAPAIAN].fill.fgColor.rgb[-6:] == WARNA_TANDA
    assert wb["Pengukuran"][CAPAIAN].comment.text.startswith(AWALAN_CATATAN)
    assert wb["Pengukuran"][CAPAIAN].number_format == (
        openpyxl.load_workbook(berkas["asli"])["Pengukuran"][CAPAIAN].number_format
    )  # only the fill changed


def test_narasi_mengisi_teks_dan_rumus_tidak_berubah(berkas):
    wb = openpyxl.load_workbook(berkas["narasi"])
    t = S.NARASI
    teks = [r[t.kolom.index(t.k("teks"))] for r in wb["Narasi"].iter_rows(values_only=True)]
    assert any(isinstance(x, str) and "sasaran" in x for x in teks)
    asli = Penulis(berkas["asli"].read_bytes())
    baru = Penulis(berkas["narasi"].read_bytes())
    for lembar in ("Pengukuran", "Anggaran", "Efisiensi"):
        assert baru.rumus(lembar) == asli.rumus(lembar)


def test_tulis_di_tempat_sama_dengan_salinan_dan_ada_cadangan(berkas):
    assert berkas["tulis"].read_bytes() == berkas["hitung"].read_bytes()
    (cadangan,) = berkas["tulis"].parent.glob("lkjip.xlsm.*.bak")
    assert cadangan.read_bytes() == berkas["asli"].read_bytes()


def test_berkas_yang_berubah_sejak_dibaca_tidak_ditimpa(tmp_path):
    path = tmp_path / "lkjip.xlsm"
    path.write_bytes(_sampel(_salah))
    buku = BukuBerkas(path)
    buku.terapkan(hitung_capaian(buku))
    ubah = _sampel()
    path.write_bytes(ubah)  # saved by someone else meanwhile
    with pytest.raises(GalatBuku, match="berubah sejak dibaca"):
        buku.simpan(timpa=True)
    assert path.read_bytes() == ubah and not list(tmp_path.glob("*.bak"))


def test_hitung_pada_buku_kerja_yang_sudah_benar_tidak_mengubah_satu_byte(tmp_path):
    path = tmp_path / "benar.xlsm"
    path.write_bytes(_tambah(_sampel()))
    _xlk("hitung", str(path), "-o", str(tmp_path / "h"))
    assert (tmp_path / "h" / "benar_dihitung.xlsm").read_bytes() == path.read_bytes()


@pytest.mark.skipif(soffice() is None, reason="LibreOffice tidak terpasang")
def test_libreoffice_membuka_dan_menghitung_nilai_yang_sama(berkas, tmp_path):
    out = berkas["hitung"]
    lo = hitung_ulang(out, tmp_path)
    ruj = rujukan(baca(BukuBerkas(out)))
    beda = []
    for (lembar, sel), v in ruj.items():
        e = lo.get(lembar.upper(), {}).get(sel)
        if v == "" and e is None:
            continue
        if (
            isinstance(v, (int, float))
            and isinstance(e, float)
            and math.isclose(v, e, abs_tol=1e-9)
        ):
            continue
        if v != e:
            beda.append((lembar, sel, v, e))
    assert len(ruj) > 1000 and not beda, beda[:5]
    assert lo["TEMUAN"]["D6"] in (CAPAIAN, PAGU)  # the link formula's text


# -- the writer itself, on the same workbook ----------------------------------------------------


@pytest.fixture(scope="module")
def data() -> bytes:
    return _sampel()


def _sel(data: bytes, lembar: str, sel: str, data_only: bool = False):
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)
    return wb[lembar][sel]


def test_tanpa_perubahan_berkas_sama_persis(data):
    assert tulis(data, Perubahan()) == data


def test_jenis_nilai_tersimpan(data):
    isi = {
        (6, 2): Isi(0.1 + 0.2, "0.1+0.2"),
        (7, 2): Isi(True, "1=1"),
        (8, 2): Isi("#DIV/0!", "1/0"),
        (9, 2): Isi('a<b & "c"', '"a<b & ""c"""'),
        (10, 2): Isi(2**53 - 1),
        (11, 2): Isi(False),
        (12, 2): Isi(dt.date(2024, 3, 1), "DATE(2024,3,1)"),  # Excel's serial number
        (13, 2): Isi(dt.date(2024, 3, 1)),  # a date typed into Temuan: shown as text
    }
    out = tulis(data, Perubahan(isi={"Temuan": isi}))
    ws = openpyxl.load_workbook(io.BytesIO(out), data_only=True)["Temuan"]
    assert ws["B6"].value == 0.1 + 0.2 and repr(ws["B6"].value) == repr(0.1 + 0.2)
    assert ws["B7"].value is True and ws["B8"].value == "#DIV/0!"
    assert ws["B9"].value == 'a<b & "c"' and ws["B10"].value == 2**53 - 1
    assert ws["B11"].value is False
    assert ws["B12"].value == 45352 and ws["B13"].value == "2024-03-01"
    assert _sel(out, "Temuan", "B9").value == '="a<b & ""c"""'


def test_sel_dan_baris_baru_disisipkan_berurutan(data):
    isi = {(r, c): Isi(f"{r},{c}") for r, c in ((300, 2), (7, 30), (6, 1), (1, 26), (250, 1))}
    out = tulis(data, Perubahan(isi={"Temuan": isi}))
    part = Penulis(data).pkt.lembar["Temuan"]
    x = zipfile.ZipFile(io.BytesIO(out)).read(part).decode()
    baris = [int(r) for r in re.findall(r'<row r="(\d+)"', x)]
    assert baris == sorted(baris) and len(set(baris)) == len(baris)
    for r in baris:
        isi_baris = re.search(rf'<row r="{r}"[^>]*>(.*?)</row>', x, re.S)
        kolom = [pisah_sel(s)[1] for s in re.findall(r'<c r="([A-Z]+\d+)"', isi_baris.group(1))]
        assert kolom == sorted(kolom)
    ws = openpyxl.load_workbook(io.BytesIO(out))["Temuan"]
    assert ws["AD7"].value == "7,30" and ws["B300"].value == "300,2" and ws["Z1"].value == "1,26"
    assert ws["A5"].value == "Kode"  # existing cells untouched
    assert "A1:AD300" in x


def test_teks_khusus_tersimpan_apa_adanya(data, tmp_path):
    # "_x0041_" is stored as "_x005F_x0041_": Excel and LibreOffice read it back as written
    # (openpyxl and the fast reader show the escape)
    teks = ["  spasi depan", "baris\nbaru", "ÿ€ 😀", "<&>", "_x0041_ bukan A"]
    isi = {(6 + i, 5): Isi(t) for i, t in enumerate(teks)}
    out = tmp_path / "teks.xlsx"
    out.write_bytes(tulis(data, Perubahan(isi={"Temuan": isi})))
    dibaca = [BukuBerkas(out).nilai("Temuan", f"E{6 + i}")[0][0] for i in range(len(teks))]
    assert dibaca[:4] == teks[:4] and dibaca[4] == "_x005F_x0041_ bukan A"
    if soffice() is not None:
        lo = hitung_ulang(out, tmp_path / "lo")["TEMUAN"]
        assert [lo.get(f"E{6 + i}") for i in range(len(teks))] == teks


def test_warna_dipakai_ulang_dan_dipulihkan(data):
    s = Penulis(data)
    asli = s.lembar("Pengukuran").gaya(6, 12)
    tanda = Perubahan(warna={"Pengukuran": {(6, 12): WARNA_TANDA, (7, 12): WARNA_TANDA}})
    out = tulis(data, tanda)
    s2 = Penulis(out)
    assert s2.warna("Pengukuran", 6, 12) == WARNA_TANDA
    assert s2.lembar("Pengukuran").gaya(6, 12) == s2.lembar("Pengukuran").gaya(7, 12)
    asal = s.warna("Pengukuran", 6, 12)
    pulih = tulis(out, Perubahan(warna={"Pengukuran": {(6, 12): asal, (7, 12): asal}}))
    assert Penulis(pulih).lembar("Pengukuran").gaya(6, 12) == asli  # the original format again
    gaya = s.pkt.zip.baca("xl/styles.xml")
    assert (
        len(Penulis(tulis(out, tanda)).pkt.zip.baca("xl/styles.xml"))
        == len(Penulis(out).pkt.zip.baca("xl/styles.xml"))
        > len(gaya)
    )  # marking again adds nothing


def _bersama(data: bytes) -> bytes:
    """Pengukuran's M column (capaian setelah batas) as one shared formula, as Excel saves a
    column filled down."""
    parts = bagian_zip(data)
    part = _part(parts, "Pengukuran")
    x = parts[part].decode()
    rumus = {}
    for r in range(6, 66):
        m = re.search(rf'<c r="M{r}"([^>]*)><f>([^<]*)</f>', x)
        rumus[r] = m
    induk = rumus[6]
    x = x.replace(
        induk.group(0),
        f'<c r="M6"{induk.group(1)}><f t="shared" ref="M6:M65" si="0">{induk.group(2)}</f>',
    )
    for r in range(7, 66):
        x = x.replace(rumus[r].group(0), f'<c r="M{r}"{rumus[r].group(1)}><f t="shared" si="0"/>')
    parts[part] = x.encode()
    return _tulis_zip(parts)


def test_rumus_bersama_induk_diganti_anggota_mendapat_rumus_sendiri(data):
    bersama = _bersama(data)
    sebelum = openpyxl.load_workbook(io.BytesIO(bersama))["Pengukuran"]
    assert (
        't="shared"'
        in zipfile.ZipFile(io.BytesIO(bersama))
        .read(_part(bagian_zip(bersama), "Pengukuran"))
        .decode()
    )
    out = tulis(bersama, Perubahan(isi={"Pengukuran": {(6, 13): Isi(1.0, "1")}}))
    ws = openpyxl.load_workbook(io.BytesIO(out))["Pengukuran"]
    assert ws["M6"].value == "=1"
    assert [ws[f"M{r}"].value for r in range(7, 66)] == [
        sebelum[f"M{r}"].value for r in range(7, 66)
    ]
    assert (
        't="shared"'
        not in zipfile.ZipFile(io.BytesIO(out)).read(_part(bagian_zip(out), "Pengukuran")).decode()
    )


def test_rumus_bersama_yang_sama_dibiarkan(data):
    bersama = _bersama(data)
    s = Penulis(bersama)
    isi = {(r, 13): Isi(1.5, s.rumus("Pengukuran", r, 13)) for r in (6, 7, 30)}
    out = tulis(bersama, Perubahan(isi={"Pengukuran": isi}))
    part = _part(bagian_zip(out), "Pengukuran")
    x = zipfile.ZipFile(io.BytesIO(out)).read(part).decode()
    assert x.count('<f t="shared" si="0"/>') == 59 and '<c r="M30" s=' in x
    assert re.search(r'<c r="M30"[^>]*><f t="shared" si="0"/><v>1.5</v></c>', x)


def test_rumus_array_tidak_ditulis_sebagian(data):
    parts = bagian_zip(data)
    part = _part(parts, "Temuan")
    parts[part] = parts[part].replace(
        b'<row r="6"></row>',
        b'<row r="6"><c r="J6"><f t="array" ref="J6:J7">ROW(A1:A2)</f><v>1</v></c></row>'
        b'<row r="7"><c r="J7"><v>2</v></c></row>',
    )
    larik = _tulis_zip(parts)
    with pytest.raises(GalatBuku, match=r"Temuan!J7: .*rumus array J6:J7"):
        tulis(larik, Perubahan(isi={"Temuan": {(7, 10): Isi(5)}}))
    out = tulis(larik, Perubahan(isi={"Temuan": {(6, 10): Isi(5), (7, 10): Isi(6)}}))
    assert openpyxl.load_workbook(io.BytesIO(out))["Temuan"]["J7"].value == 6


def test_catatan_dihapus_dan_bagian_kalkulasi_dibuang_bila_rumus_menjadi_nilai(data):
    parts = bagian_zip(data)
    parts["xl/calcChain.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><calcChain xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><c r="L6" i="7"/></calcChain>'
    )
    rels = (
        parts["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            f'<Relationship Id="rId950" Type="{R}/calcChain" Target="calcChain.xml"/>'
            "</Relationships>",
        )
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    data = _tulis_zip(parts)
    catat = tulis(data, Perubahan(catatan={"Pengukuran": {(6, 12): "xlkinerja: cek"}}))
    assert "xl/calcChain.xml" in zipfile.ZipFile(io.BytesIO(catat)).namelist()
    assert Penulis(catat).catatan("Pengukuran") == {(6, 12): "xlkinerja: cek"}
    out = tulis(
        catat,
        Perubahan(isi={"Pengukuran": {(6, 12): Isi(5)}}, catatan={"Pengukuran": {(6, 12): None}}),
    )
    z = zipfile.ZipFile(io.BytesIO(out))
    assert "xl/calcChain.xml" not in z.namelist()
    assert b"calcChain" not in z.read("xl/_rels/workbook.xml.rels")
    assert Penulis(out).catatan("Pengukuran") == {}
    assert openpyxl.load_workbook(io.BytesIO(out))["Pengukuran"]["L6"].value == 5


def test_rumus_pengguna_yang_membaca_sel_berubah_dihitung_ulang(tmp_path):
    def rumus_sendiri(wb) -> None:
        _salah(wb)
        wb["Petunjuk"]["C1"] = f"=Pengukuran!{CAPAIAN}*2"  # reads the typed 999
        wb["Petunjuk"]["C2"] = "=LEN(Pengaturan!B4)"  # reads nothing hitung changes

    path = tmp_path / "sendiri.xlsm"
    path.write_bytes(_sampel(rumus_sendiri))
    sebelum = baca_isi(path.read_bytes()).sel["Petunjuk"]
    assert sebelum[(1, 3)] == 1998
    buku = BukuBerkas(path)
    buku.terapkan(hitung_capaian(buku))
    out = buku.simpan(tmp_path / "keluar.xlsm")
    isi = baca_isi(out.read_bytes()).sel["Petunjuk"]
    assert isi[(1, 3)] == pytest.approx(126.66 * 2) and isi[(2, 3)] == sebelum[(2, 3)]
    assert Penulis(out.read_bytes()).rumus("Petunjuk", 1, 3) == f"Pengukuran!{CAPAIAN}*2"
