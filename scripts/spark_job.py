"""The main file for spark-submit: `dateline spark` with the arguments given.

    spark-submit --master yarn --archives dateline-env.tar.gz#env scripts/spark_job.py INPUT... --out DIR

(see the README: the packed environment holds dateline, its model and its dependencies).
"""
import sys

from dateline.cli import main

sys.argv = ["dateline", "spark", *sys.argv[1:]]
main()
