/* A piece of work offered by one thread to another (handoff.h). */
#include "handoff.h"

#include <stddef.h>

void handoff_init(struct handoff *h)
{
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->changed, NULL);
	h->offer = HANDOFF_NONE;
	h->closed = false;
	h->work = NULL;
	h->arg = NULL;
}

void handoff_free(struct handoff *h)
{
	pthread_cond_destroy(&h->changed);
	pthread_mutex_destroy(&h->lock);
}

void handoff_offer(struct handoff *h, void (*work)(void *arg), void *arg)
{
	pthread_mutex_lock(&h->lock);
	h->work = work;
	h->arg = arg;
	h->offer = HANDOFF_OFFERED;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
}

void handoff_complete(struct handoff *h)
{
	pthread_mutex_lock(&h->lock);
	bool mine = h->offer == HANDOFF_OFFERED;
	if (mine)
		h->offer = HANDOFF_NONE; /* taken back: the server finds nothing */
	while (h->offer == HANDOFF_TAKEN)
		pthread_cond_wait(&h->changed, &h->lock);
	pthread_mutex_unlock(&h->lock);
	if (mine)
		h->work(h->arg);
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
		while (h->offer != HANDOFF_OFFERED && !h->closed)
			pthread_cond_wait(&h->changed, &h->lock);
		if (h->offer != HANDOFF_OFFERED)
			break;
		h->offer = HANDOFF_TAKEN;
		pthread_mutex_unlock(&h->lock);
		h->work(h->arg);
		pthread_mutex_lock(&h->lock);
		h->offer = HANDOFF_NONE;
		pthread_cond_broadcast(&h->changed);
	}
	pthread_mutex_unlock(&h->lock);
}
