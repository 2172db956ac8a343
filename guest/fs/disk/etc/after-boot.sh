#!/bin/sh
# Run by /sbin/init once the system is up: signals the simulator, then runs the
# script the host hands over with `m5 readfile` (gem5's readfile_contents / --readfile),
# or an interactive shell when the kernel command line has interactive=true.
# Outside a simulator (QEMU) the script is read from /dev/vdb instead, if that disk
# exists: a raw file padded with NUL bytes (guest/fs/qemu-boot.sh --readfile makes it).
echo "Running after-boot script..."
m5 exit

if grep -qw "interactive=true" /proc/cmdline; then
    echo "Interactive mode: starting a shell (leave it to end the run)"
    setsid cttyhack /bin/sh -l
else
    m5 readfile > /tmp/script
    status=$?
    if [ "$status" -eq 3 ] && [ -b /dev/vdb ]; then
        tr -d '\000' < /dev/vdb > /tmp/script
        status=0
    fi
    if [ "$status" -ne 0 ]; then
        echo "m5 readfile failed (status $status): no script to run"
    elif [ -s /tmp/script ]; then
        echo "Running the readfile script..."
        chmod 755 /tmp/script
        /tmp/script
        echo "Readfile script done (status $?)"
    else
        echo "The readfile script is empty: nothing to run"
    fi
    rm -f /tmp/script
fi
echo "After-boot script done."
m5 exit
