"""marsad at scale: the same sources and pipeline, run as a distributed batch job.

- :mod:`.records` — the per-record work (read a unit, keep the first copy, annotate a
  partition), plain functions with no cluster in sight;
- :mod:`.tables` — the Parquet tables written: the export's article record, and flat
  entity, event and quote rows;
- :mod:`.parquet` — each task's part files, complete or absent;
- :mod:`.spark` — the Apache Spark job (``pip install 'marsad[spark]'``, Java 17+),
  :func:`marsad.scale.spark.annotate_with_spark`.
"""
