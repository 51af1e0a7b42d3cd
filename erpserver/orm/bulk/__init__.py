"""Bulk data in and out: ``load`` (``loader``), ``export_data`` (``exporter``), the external ids
both use (``xmlids``). The CLI's ``import`` and ``export`` stream files through the same code."""
