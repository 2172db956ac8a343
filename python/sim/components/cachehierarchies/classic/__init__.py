"""gem5's classic cache hierarchies: :mod:`.no_cache`,
:mod:`.private_l1_cache_hierarchy`, :mod:`.private_l1_private_l2_cache_hierarchy`,
:mod:`.private_l1_shared_l2_cache_hierarchy`."""
