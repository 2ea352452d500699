/*
 * Work that one thread (the owner) offers to another in pieces and gets back done: each piece
 * is run by whichever thread is free first. The owner offers, goes on with its own share, then
 * completes the offer: it runs the pieces nobody has taken yet and waits for those being run
 * elsewhere. The other thread serves: it runs every piece it finds until the handoff is closed.
 * With no thread serving, the owner runs every piece itself; nothing waits for a thread that is
 * busy elsewhere.
 */
#ifndef ACRN_CFGC_HANDOFF_H
#define ACRN_CFGC_HANDOFF_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct handoff {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	void (*work)(void *arg, size_t piece);
	void *arg;
	size_t next, count; /* the pieces next..count-1 are still on offer */
	size_t running;	    /* pieces being run by the serving thread */
	bool closed;
};

void handoff_init(struct handoff *h);
void handoff_free(struct handoff *h);
/* The owner: work(arg, 0) .. work(arg, count - 1) are on offer until handoff_complete. */
void handoff_offer(struct handoff *h, void (*work)(void *arg, size_t piece), void *arg,
		   size_t count);
/* The owner: when this returns, every piece has run (here or in the serving thread). */
void handoff_complete(struct handoff *h);
/* The owner: handoff_serve returns once nothing is on offer. An offer made after this is the
 * owner's own (a run without a second thread closes before it starts). */
void handoff_close(struct handoff *h);
/* The other thread: runs what is offered until the handoff is closed. */
void handoff_serve(struct handoff *h);

/*
 * Waits, with lock held as pthread_cond_wait wants it, until ready(arg) (read under lock) is
 * true. The waits between the two threads of a run are short, and a thread that blocks is
 * woken 60-160 us after the signal on the virtual machines acrn-cfgc is measured on (a CPU
 * left idle is descheduled by the host), so it first looks again and again for up to
 * HANDOFF_SPIN_NS, releasing the lock in between, and only then blocks on cond.
 */
#define HANDOFF_SPIN_NS 300000
void handoff_wait(pthread_cond_t *cond, pthread_mutex_t *lock, bool (*ready)(const void *arg),
		  const void *arg);

#endif
