package org.veil.storage.redo;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the transactions under way, from their first statement to their commit or rollback, and lets a checkpoint
 * wait for a moment when there are none while holding new ones back. Unlike a read-write lock it is not owned by a
 * thread: a transaction may end on another thread than the one it began on. A thread that began a transaction still
 * under way is never held back: it may need a second one to finish the first (an account opened on its own
 * connection in the middle of an authorization), and holding it would wait for itself.
 */
final class Quiescence {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Thread, Integer> underWayBy = new HashMap<>();
    private int active;
    private boolean holding;

    /**
     * A transaction begins on this thread: waits while a checkpoint holds new ones back, unless this thread has one
     * under way. Returns the thread to hand to {@link #exit}.
     */
    Thread enter() {
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            while (holding && !underWayBy.containsKey(me)) changed.awaitUninterruptibly();
            underWayBy.merge(me, 1, Integer::sum);
            active++;
            return me;
        } finally {
            lock.unlock();
        }
    }

    /** A transaction that {@link #enter}ed on {@code begunOn} has ended (on whichever thread). */
    void exit(Thread begunOn) {
        lock.lock();
        try {
            underWayBy.computeIfPresent(begunOn, (t, n) -> n == 1 ? null : n - 1);
            if (--active == 0) changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Holds new transactions back from now on, until {@link #release}. */
    void hold() {
        lock.lock();
        try {
            holding = true;
        } finally {
            lock.unlock();
        }
    }

    /** While holding: true once no transaction is under way, false if there still is one after {@code millis}. */
    boolean awaitIdle(long millis) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (active > 0) {
                if (left <= 0) return false;
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a checkpoint is holding new transactions back now. */
    boolean holding() {
        lock.lock();
        try {
            return holding;
        } finally {
            lock.unlock();
        }
    }

    /** Lets new transactions begin again. */
    void release() {
        lock.lock();
        try {
            holding = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
