/* Work offered in pieces by one thread to another (handoff.h). */
#include "handoff.h"

void handoff_init(struct handoff *h)
{
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->changed, NULL);
	h->work = NULL;
	h->arg = NULL;
	h->next = h->count = h->running = 0;
	h->closed = false;
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
	while (h->running)
		pthread_cond_wait(&h->changed, &h->lock);
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
		while (h->next == h->count && !h->closed)
			pthread_cond_wait(&h->changed, &h->lock);
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
