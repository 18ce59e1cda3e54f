package org.veil.storage.redo;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the transactions under way, from their first statement to their commit or rollback, and lets a checkpoint
 * wait for a moment when there are none while holding new ones back. Unlike a read-write lock it is not owned by a
 * thread: a transaction may end on another thread than the one it began on.
 */
final class Quiescence {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int active;
    private boolean holding;

    /** A transaction begins: waits while a checkpoint holds new ones back. */
    void enter() {
        lock.lock();
        try {
            while (holding) changed.awaitUninterruptibly();
            active++;
        } finally {
            lock.unlock();
        }
    }

    /** A transaction that {@link #enter}ed has ended. */
    void exit() {
        lock.lock();
        try {
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
