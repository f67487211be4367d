"""One module per stage; importing a module registers its stage in `dateline.pipeline`."""
