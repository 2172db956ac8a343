"""gem5's classic cache hierarchies: :mod:`.no_cache`,
:mod:`.private_l1_cache_hierarchy`, :mod:`.private_l1_private_l2_cache_hierarchy`,
:mod:`.private_l1_shared_l2_cache_hierarchy`, built of the caches in
:mod:`.caches` (``L1DCache``, ``L1ICache``, ``L2Cache``)."""
