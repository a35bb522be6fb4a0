/** Values a running node reports: peers, routes. Public API. */
package io.veilnet.engine.node;
