/*
 * One piece of work that a thread offers to another and gets back done: whichever thread is
 * free first runs it. The owner offers, goes on with its own share, then completes the offer:
 * it runs the piece itself when nobody has taken it, or waits for the thread that did. The
 * other thread serves: it runs every offer it finds until the owner closes the handoff. With
 * no thread serving, the owner runs each piece itself; nothing waits for a thread that is busy
 * elsewhere.
 */
#ifndef ACRN_CFGC_HANDOFF_H
#define ACRN_CFGC_HANDOFF_H

#include <pthread.h>
#include <stdbool.h>

enum handoff_offer { HANDOFF_NONE, HANDOFF_OFFERED, HANDOFF_TAKEN };

struct handoff {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	enum handoff_offer offer;
	bool closed;
	void (*work)(void *arg);
	void *arg;
};

void handoff_init(struct handoff *h);
void handoff_free(struct handoff *h);
/* The owner: work(arg) is on offer until handoff_complete. One offer at a time. */
void handoff_offer(struct handoff *h, void (*work)(void *arg), void *arg);
/* The owner: when this returns, the offered work has run (here or in the serving thread). */
void handoff_complete(struct handoff *h);
/* The owner: handoff_serve returns once nothing is on offer. An offer made after this is the
 * owner's own (a run without a second thread closes before it starts). */
void handoff_close(struct handoff *h);
/* The other thread: runs what is offered until the handoff is closed. */
void handoff_serve(struct handoff *h);

#endif
