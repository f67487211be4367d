"""PySpark's daemon, with dateline's pipeline loaded before it forks its workers.

Spark starts one daemon per executor (`spark.python.daemon.module`, set by spark.session) and
forks each Python worker from it. Loaded here first, the spaCy model, gazetteer and
vocabularies are in every worker from its first task, and the workers share their pages (as
`ingest --workers`'s forked processes do) instead of each holding a copy; gc.freeze() keeps
the collector from walking (and so copying) those millions of objects in every worker.
Without DATELINE_PIPELINE_CONFIG in the environment, or if loading fails, it is the stock
daemon and each worker loads its own pipeline at its first partition (spark.worker_pipeline).
"""
import gc
import json
import os
import sys

from pyspark import daemon

if __name__ == "__main__":
    config = os.environ.get("DATELINE_PIPELINE_CONFIG")
    if config:
        try:
            from dateline import spark

            spark.worker_pipeline(json.loads(config))
            gc.collect()
            gc.freeze()
        except Exception as exc:  # the workers load it themselves, and report what fails
            print(f"dateline: the daemon could not preload the pipeline: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
    daemon.manager()
