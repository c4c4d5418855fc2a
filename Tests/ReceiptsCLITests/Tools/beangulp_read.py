"""Reads a receipts beancount-profile CSV with beangulp's CSV importer (csvbase) and prints one
line per transaction: date, payee, narration, amount, currency. Used by the export tests."""
import sys

from beangulp.importers import csvbase


class ReceiptsImporter(csvbase.Importer):
    date = csvbase.Date("date", "%Y-%m-%d")
    narration = csvbase.Column("narration")
    payee = csvbase.Column("payee")
    amount = csvbase.Amount("amount")
    currency = csvbase.Column("currency")

    def __init__(self):
        super().__init__("Assets:Cash", "XXX")

    def identify(self, filepath):
        return filepath.endswith(".csv")


entries = ReceiptsImporter().extract(sys.argv[1], [])
for e in entries:
    units = e.postings[0].units
    print(f"{e.date}\t{e.payee}\t{e.narration}\t{units.number}\t{units.currency}")
