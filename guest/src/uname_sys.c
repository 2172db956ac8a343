/* uname: only the system name is stable across emulators. Plus other identity calls. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
    struct utsname u;
    if (uname(&u) != 0) {
        puts("uname failed");
        return 1;
    }
    printf("sysname=%s\n", u.sysname);
    printf("machine non-empty=%d\n", u.machine[0] != 0);
    printf("getpid>0: %d\n", getpid() > 0);
    printf("getppid>=0: %d\n", getppid() >= 0);
    printf("page size: %ld\n", sysconf(_SC_PAGESIZE));
    printf("getuid==geteuid: %d\n", getuid() == geteuid());
    return 0;
}
