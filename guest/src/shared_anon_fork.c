/* MAP_SHARED|MAP_ANONYMOUS memory stays shared across fork: children's
 * writes (a counter under a process-shared mutex, a process-shared
 * semaphore, a page first touched after the fork) are seen by the parent
 * after wait, while a MAP_PRIVATE mapping stays copy-on-write. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
    pthread_mutex_t lock;
    sem_t done;
    int counter;
};

int main(void)
{
    long page = sysconf(_SC_PAGESIZE);
    struct shared *sh = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
                             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *priv = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED || priv == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    int *untouched = (int *)((char *)sh + page);
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&sh->lock, &ma);
    sem_init(&sh->done, 1, 0);
    sh->counter = 0;
    *priv = 7;

    for (int child = 0; child < 3; child++) {
        pid_t pid = fork();
        if (pid == 0) {
            for (int i = 0; i < 1000; i++) {
                pthread_mutex_lock(&sh->lock);
                sh->counter++;
                pthread_mutex_unlock(&sh->lock);
            }
            untouched[child] = 100 + child;
            *priv = 1000 + child;
            sem_post(&sh->done);
            _exit(0);
        }
        int status;
        waitpid(pid, &status, 0);
        printf("child %d exited=%d counter=%d private=%d\n", child,
               WIFEXITED(status) ? WEXITSTATUS(status) : -1, sh->counter, *priv);
    }
    int v = -1;
    sem_getvalue(&sh->done, &v);
    printf("semaphore=%d\n", v);
    printf("second page: %d %d %d\n", untouched[0], untouched[1], untouched[2]);

    /* The parent's writes after the fork reach a child too. */
    int go[2];
    pipe(go);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        while (sem_trywait(&sh->done) == 0)
            ;
        read(go[0], &c, 1);
        printf("child sees counter=%d\n", sh->counter);
        fflush(stdout);
        _exit(sh->counter == 4242 ? 0 : 1);
    }
    sh->counter = 4242;
    write(go[1], "x", 1);
    int status;
    waitpid(pid, &status, 0);
    printf("reader exited=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    sem_getvalue(&sh->done, &v);
    printf("semaphore after child drained it=%d\n", v);
    munmap(sh, 2 * page);
    munmap(priv, page);
    printf("done\n");
    return 0;
}
