/* The load generator of service_load.py, in C: the client's own CPU per turn is a few
 * microseconds (the Python client spends 25-30), so on a 2-core machine it leaves the
 * servers what they need, and the figures measure the server.
 *
 *     cc -O2 -o loadgen loadgen.c
 *     loadgen PORT CONVERSATIONS TAG TOKEN
 *
 * It opens one keep-alive TCP connection per conversation (TCP_NODELAY), creates each
 * conversation (PUT), then reads commands from stdin, one per line:
 *
 *     closed SECONDS        each conversation sends its next event when answered
 *     open SECONDS RATE     event i is due at start + i/RATE, on conversation i mod N,
 *                           and is sent when due and its conversation is answered;
 *                           latency counts from when it was due
 *     quit
 *
 * and answers each load with one line:
 *
 *     turns T seconds W p50_ms P p99_ms Q errors E cpu_s C
 *
 * (C: this process's user + system CPU during the load). Every reply is checked: status
 * 200 and "Count is N." with N the conversation's event count so far. The events are
 * the load bot's `count` texts with `lpEvent.sequence` = the event number.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define BUFFER_BYTES 65536
#define PATH_PREFIX "/v1/bots/load/environments/draft/conversations/"

typedef struct {
    int fd;
    char path[256];
    char head[512];          /* the event request's head up to its content-length value */
    int head_length;
    char received[BUFFER_BYTES];
    int received_length;
    long sequence;           /* events sent so far */
    int waiting;             /* a request is in flight */
    int creating;            /* the PUT is in flight */
    double sent_at;          /* when the request in flight was due (open) or sent (closed) */
    long next_index;         /* open loop: the index of this conversation's next event */
} Conversation;

static Conversation *talks;
static int talk_count;
static int epoll_fd;
static int timer_fd;  /* wakes the open loop when its next event is due */
#define TIMER_EVENT UINT32_MAX
static char token[256];
static double *latencies;
static long latency_count, latency_room;
static long errors;

static double now(void) {
    struct timespec at;
    clock_gettime(CLOCK_MONOTONIC, &at);
    return at.tv_sec + at.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
           usage.ru_stime.tv_usec / 1e6;
}

static void fail(const char *what) {
    fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void send_all(int fd, const char *data, int length) {
    while (length > 0) {
        ssize_t sent = write(fd, data, length);
        if (sent < 0) {
            /* a full send buffer on the non-blocking socket: the server reads it soon */
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
            fail("write");
        }
        data += sent;
        length -= sent;
    }
}

static void send_event(Conversation *talk, double due) {
    char request[1024], body[256];
    talk->sequence += 1;
    int body_length = snprintf(body, sizeof body,
        "{\"type\":\"TEXT\",\"source\":\"CONSUMER\",\"data\":{\"message\":\"count\"},"
        "\"context\":{\"lpEvent\":{\"sequence\":%ld}}}", talk->sequence);
    int length = snprintf(request, sizeof request, "%.*s%d\r\n\r\n%s", talk->head_length,
                          talk->head, body_length, body);
    talk->waiting = 1;
    talk->sent_at = due;
    send_all(talk->fd, request, length);
}

static void record(double latency) {
    if (latency_count == latency_room) {
        latency_room = latency_room ? latency_room * 2 : 65536;
        latencies = realloc(latencies, latency_room * sizeof *latencies);
        if (!latencies) fail("realloc");
    }
    latencies[latency_count++] = latency;
}

/* The response at the start of `talk->received`, when whole: 1 (consumed, checked), else 0. */
static int take_response(Conversation *talk) {
    char *start = talk->received;
    talk->received[talk->received_length] = '\0';
    char *end = strstr(start, "\r\n\r\n");
    if (!end) return 0;
    long length = 0;
    for (char *line = strstr(start, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, "content-length:", 15) == 0) length = atol(line + 17);
    }
    int whole = (int)(end - start) + 4 + (int)length;
    if (talk->received_length < whole) return 0;
    int status = atoi(start + 9);
    if (talk->creating) {
        talk->creating = 0;
        if (status != 200) errors++;
    } else {
        char expected[64];
        snprintf(expected, sizeof expected, "Count is %ld.", talk->sequence);
        char saved = start[whole];
        start[whole] = '\0';
        if (status != 200 || !strstr(end + 4, expected)) errors++;
        start[whole] = saved;
    }
    if (talk->received_length > whole) errors++; /* a response nobody asked for */
    talk->received_length = 0;
    talk->waiting = 0;
    return 1;
}

/* Read what `talk` has; 1 when its response is complete. */
static int on_readable(Conversation *talk) {
    for (;;) {
        int room = BUFFER_BYTES - 1 - talk->received_length;
        if (room <= 0) {
            errno = EMSGSIZE;
            fail("response too large");
        }
        ssize_t got = read(talk->fd, talk->received + talk->received_length, room);
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            if (errno == EINTR) continue;
            fail("read");
        }
        if (got == 0) {
            fprintf(stderr, "loadgen: the server closed %s\n", talk->path);
            exit(2);
        }
        talk->received_length += got;
        if (got < room) break;
    }
    return take_response(talk);
}

static void arm_timer(double due) {
    struct itimerspec when = {0};
    when.it_value.tv_sec = (time_t)due;
    when.it_value.tv_nsec = (long)((due - (double)(time_t)due) * 1e9);
    if (when.it_value.tv_sec == 0 && when.it_value.tv_nsec == 0) when.it_value.tv_nsec = 1;
    if (timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &when, NULL) < 0) fail("timerfd_settime");
}

static void open_connections(int port, const char *tag) {
    epoll_fd = epoll_create1(0);
    if (epoll_fd < 0) fail("epoll_create1");
    timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    if (timer_fd < 0) fail("timerfd_create");
    struct epoll_event timer_event = {.events = EPOLLIN, .data.u32 = TIMER_EVENT};
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, timer_fd, &timer_event) < 0) fail("epoll_ctl (timer)");
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int n = 0; n < talk_count; n++) {
        Conversation *talk = &talks[n];
        talk->fd = socket(AF_INET, SOCK_STREAM, 0);
        if (talk->fd < 0) fail("socket");
        if (connect(talk->fd, (struct sockaddr *)&address, sizeof address) < 0) fail("connect");
        int on = 1;
        setsockopt(talk->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        snprintf(talk->path, sizeof talk->path, PATH_PREFIX "%s-%d", tag, n);
        talk->head_length = snprintf(talk->head, sizeof talk->head,
            "POST %s/events HTTP/1.1\r\nhost: load\r\nauthorization: Bearer %s\r\n"
            "content-type: application/json\r\ncontent-length: ", talk->path, token);
        char request[1024];
        const char *body = "{\"sdes\":{},\"context\":{}}";
        int length = snprintf(request, sizeof request,
            "PUT %s HTTP/1.1\r\nhost: load\r\nauthorization: Bearer %s\r\n"
            "content-type: application/json\r\ncontent-length: %zu\r\n\r\n%s",
            talk->path, token, strlen(body), body);
        talk->creating = 1;
        talk->waiting = 1;
        send_all(talk->fd, request, length);
        /* blocking until created, then non-blocking for the loads */
        while (talk->waiting) {
            ssize_t got = read(talk->fd, talk->received + talk->received_length,
                               BUFFER_BYTES - 1 - talk->received_length);
            if (got <= 0) fail("read (creating)");
            talk->received_length += got;
            take_response(talk);
        }
        int flags = fcntl(talk->fd, F_GETFL, 0);
        if (flags < 0 || fcntl(talk->fd, F_SETFL, flags | O_NONBLOCK) < 0) fail("non-blocking");
        struct epoll_event event = {.events = EPOLLIN, .data.u32 = (uint32_t)n};
        if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, talk->fd, &event) < 0) fail("epoll_ctl");
    }
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void run(double seconds, double rate) {
    struct epoll_event events[256];
    latency_count = 0;
    errors = 0;
    double cpu_before = cpu_seconds();
    double start = now() + (rate > 0 ? 0.05 : 0);
    double stop = start + seconds;
    long total = rate > 0 ? (long)(seconds * rate) : -1;
    int in_flight = 0;
    double armed = -1;  /* when the timer is set to fire (open loop) */
    for (int n = 0; n < talk_count; n++) {
        talks[n].next_index = n;
        if (rate <= 0) {
            send_event(&talks[n], now());
            in_flight++;
        }
    }
    for (;;) {
        if (rate > 0) {
            double next_due = -1;
            double at = now();
            for (int n = 0; n < talk_count; n++) {
                Conversation *talk = &talks[n];
                if (talk->waiting || talk->next_index >= total) continue;
                double due = start + talk->next_index / rate;
                if (due <= at) {
                    send_event(talk, due);
                    talk->next_index += talk_count;
                    in_flight++;
                } else if (next_due < 0 || due < next_due) {
                    next_due = due;
                }
            }
            if (next_due >= 0 && next_due != armed) {
                arm_timer(next_due);
                armed = next_due;
            }
            if (in_flight == 0 && next_due < 0) break;
        } else if (in_flight == 0) {
            break;
        }
        int ready = epoll_wait(epoll_fd, events, 256, 1000);
        if (ready < 0) {
            if (errno == EINTR) continue;
            fail("epoll_wait");
        }
        double at = now();
        for (int i = 0; i < ready; i++) {
            if (events[i].data.u32 == TIMER_EVENT) {
                uint64_t expirations;
                if (read(timer_fd, &expirations, sizeof expirations) < 0 && errno != EAGAIN)
                    fail("read (timer)");
                armed = -1;
                continue;
            }
            Conversation *talk = &talks[events[i].data.u32];
            if (!talk->waiting || !on_readable(talk)) continue;
            record(at - talk->sent_at);
            in_flight--;
            if (rate <= 0 && at < stop) {
                send_event(talk, at);
                in_flight++;
            }
        }
    }
    double wall = now() - start;
    double cpu = cpu_seconds() - cpu_before;
    qsort(latencies, latency_count, sizeof *latencies, compare);
    double p50 = latency_count ? latencies[latency_count / 2] : 0;
    long p99_index = (long)(latency_count * 0.99);
    if (p99_index >= latency_count) p99_index = latency_count - 1;
    double p99 = latency_count ? latencies[p99_index] : 0;
    printf("turns %ld seconds %.4f p50_ms %.3f p99_ms %.3f errors %ld cpu_s %.4f\n",
           latency_count, wall, p50 * 1000, p99 * 1000, errors, cpu);
    fflush(stdout);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: loadgen PORT CONVERSATIONS TAG TOKEN\n");
        return 2;
    }
    talk_count = atoi(argv[2]);
    if (talk_count < 1 || talk_count > 4096) {
        fprintf(stderr, "loadgen: CONVERSATIONS must be 1 to 4096\n");
        return 2;
    }
    snprintf(token, sizeof token, "%s", argv[4]);
    talks = calloc(talk_count, sizeof *talks);
    if (!talks) fail("calloc");
    open_connections(atoi(argv[1]), argv[3]);
    printf("ready\n");
    fflush(stdout);
    char line[256];
    while (fgets(line, sizeof line, stdin)) {
        double seconds = 0, rate = 0;
        if (sscanf(line, "closed %lf", &seconds) == 1) {
            run(seconds, 0);
        } else if (sscanf(line, "open %lf %lf", &seconds, &rate) == 2 && rate > 0) {
            run(seconds, rate);
        } else if (strncmp(line, "quit", 4) == 0) {
            break;
        } else {
            fprintf(stderr, "loadgen: unknown command %s", line);
            return 2;
        }
    }
    return 0;
}
