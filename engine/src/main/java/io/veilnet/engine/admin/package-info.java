/** The node's admin HTTP endpoint (/health, /peers, /metrics). */
package io.veilnet.engine.admin;
