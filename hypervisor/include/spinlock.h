/* Spinlocks on compiler atomics; the wait loop calls the arch's relax hook. */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include "pcpu.h"

struct spinlock {
	int locked;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) != 0) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0) {
			pcpu_arch_relax();
		}
	}
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
