package io.veilnet.crypto.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts Wycheproof outcomes and collects failures so that a whole file runs before the test
 * fails; {@link #summary()} is printed to stdout for the report.
 */
public final class Tally {
  private final String name;
  private int validPassed;
  private int invalidRejected;
  private int acceptableAccepted;
  private int acceptableRejected;
  private final List<String> failures = new ArrayList<>();

  public Tally(String name) {
    this.name = name;
  }

  public void validPassed() {
    validPassed++;
  }

  public void invalidRejected() {
    invalidRejected++;
  }

  public void acceptable(boolean accepted) {
    if (accepted) {
      acceptableAccepted++;
    } else {
      acceptableRejected++;
    }
  }

  public void fail(WycheproofVectors.TestCase t, String why) {
    failures.add(t.label() + ": " + why);
  }

  public int total() {
    return validPassed + invalidRejected + acceptableAccepted + acceptableRejected + failures.size();
  }

  public List<String> failures() {
    return failures;
  }

  public String summary() {
    return name + ": " + total() + " cases, valid passed " + validPassed + ", invalid rejected "
        + invalidRejected + ", acceptable accepted " + acceptableAccepted
        + ", acceptable rejected " + acceptableRejected + ", failures " + failures.size();
  }

  /** Prints the summary. */
  public Tally print() {
    System.out.println("[wycheproof] " + summary());
    return this;
  }
}
