"""Resources (gem5's ``gem5.resources``): :mod:`.resource` holds the resource
classes and ``obtain_resource``; :mod:`.client` reads the local catalog."""
