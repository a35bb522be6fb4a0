package io.veilnet.kademlia;


/**
 * What one iterative lookup did: hops ({@code rounds}, the longest chain of referrals that was
 * queried), peers asked, answers, failures (timeouts and errors), wall time, and whether the
 * overall deadline cut it short (then {@code closest} is a partial result).
 */
public record LookupTrace(
    NodeId target,
    int rounds,
    int peersAsked,
    int responses,
    int failures,
    long durationMillis,
    boolean timedOut,
    int paths) {}
