package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DiagnosticsTest {

  private static final String HISTOGRAM =
      """
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:         15398         758216  [B (java.base@25.0.3)
         2:          3302         425688  java.lang.Class (java.base@25.0.3)
         3:         15238         365712  java.lang.String (java.base@25.0.3)
      Total         33938        1549616
      """;

  @Test
  void aHistogramKeepsItsHeaderItsLargestRowsAndItsTotal() {
    assertEquals(
        """
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:         15398         758216  [B (java.base@25.0.3)
           2:          3302         425688  java.lang.Class (java.base@25.0.3)
        Total         33938        1549616
        """,
        Diagnostics.topRows(HISTOGRAM, 2));
  }

  @Test
  void aLongTextIsCutAndSaysSo() {
    String cut = Diagnostics.cut("x".repeat(100), 10);

    assertTrue(cut.startsWith("x".repeat(10) + "\n[cut at 10 characters]"), cut);
    assertEquals("short", Diagnostics.cut("short", 10));
  }
}
