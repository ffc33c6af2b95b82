package io.mailflow.net;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The one timer thread of the watchdogs and deadlines; its tasks only close sockets. */
final class Timer {

    static final ScheduledThreadPoolExecutor EXECUTOR = create();

    private Timer() {
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("socket-watchdog").daemon(true).factory());
        // a connection's lifetime (30 minutes) is cancelled when it closes: without this, every
        // connection of the last half hour would stay queued
        e.setRemoveOnCancelPolicy(true);
        return e;
    }
}
