"""The files a unit's indicators are exported to: what goes in them (`content`), the Excel workbook
(`xlsx`) and the PDF report (`pdf`). Each builder reports its progress per child unit written."""
