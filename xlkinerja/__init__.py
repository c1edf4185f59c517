"""xlkinerja: perangkat Excel + Python untuk Laporan Kinerja Instansi Pemerintah (LKjIP)."""

__version__ = "0.1.0"
