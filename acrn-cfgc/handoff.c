/* Work offered in pieces by one thread to another (handoff.h). */
#include "handoff.h"

#include <time.h>

void handoff_init(struct handoff *h)
{
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->changed, NULL);
	h->work = NULL;
	h->arg = NULL;
	h->next = h->count = h->running = 0;
	h->closed = false;
}

/* A spinning CPU's hint that it waits (x86's PAUSE); nothing elsewhere. */
static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

void handoff_wait(pthread_cond_t *cond, pthread_mutex_t *lock, bool (*ready)(const void *arg),
		  const void *arg)
{
	long long until = now_ns() + HANDOFF_SPIN_NS;
	while (!ready(arg)) {
		if (now_ns() < until) {
			pthread_mutex_unlock(lock);
			for (int i = 0; i < 64; i++)
				cpu_relax();
			pthread_mutex_lock(lock);
		} else {
			pthread_cond_wait(cond, lock);
		}
	}
}

static bool nothing_running(const void *arg)
{
	const struct handoff *h = arg;
	return h->running == 0;
}

static bool offered_or_closed(const void *arg)
{
	const struct handoff *h = arg;
	return h->next < h->count || h->closed;
}

void handoff_free(struct handoff *h)
{
	pthread_cond_destroy(&h->changed);
	pthread_mutex_destroy(&h->lock);
}

void handoff_offer(struct handoff *h, void (*work)(void *arg, size_t piece), void *arg,
		   size_t count)
{
	pthread_mutex_lock(&h->lock);
	h->work = work;
	h->arg = arg;
	h->next = 0;
	h->count = count;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
}

void handoff_complete(struct handoff *h)
{
	pthread_mutex_lock(&h->lock);
	while (h->next < h->count) {
		size_t piece = h->next++;
		void (*work)(void *arg, size_t piece) = h->work;
		void *arg = h->arg;
		pthread_mutex_unlock(&h->lock);
		work(arg, piece);
		pthread_mutex_lock(&h->lock);
	}
	handoff_wait(&h->changed, &h->lock, nothing_running, h);
	h->next = h->count = 0;
	pthread_mutex_unlock(&h->lock);
}

void handoff_close(struct handoff *h)
{
	pthread_mutex_lock(&h->lock);
	h->closed = true;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
}

void handoff_serve(struct handoff *h)
{
	pthread_mutex_lock(&h->lock);
	for (;;) {
		handoff_wait(&h->changed, &h->lock, offered_or_closed, h);
		if (h->next == h->count)
			break;
		size_t piece = h->next++;
		void (*work)(void *arg, size_t piece) = h->work;
		void *arg = h->arg;
		h->running++;
		pthread_mutex_unlock(&h->lock);
		work(arg, piece);
		pthread_mutex_lock(&h->lock);
		h->running--;
		pthread_cond_broadcast(&h->changed);
	}
	pthread_mutex_unlock(&h->lock);
}
