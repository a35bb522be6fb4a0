package io.veilnet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** PNG charts of a {@code bench dht} run (XChart, headless). */
final class Plots {
  private Plots() {}

  /** Writes latency-cdf.png, rounds.png and, after churn, churn-success.png; returns the files. */
  static List<Path> dht(Path dir, DhtBench.Result r) {
    System.setProperty("java.awt.headless", "true");
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      XYChart cdf = new XYChartBuilder().width(900).height(560)
          .title("Lookup latency CDF (N=" + r.report().get("nodes") + ")")
          .xAxisTitle("latency (ms)").yAxisTitle("fraction of lookups").build();
      cdf.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE).setMarkerSize(0);
      addCdf(cdf, "no churn", r.lookups().latencyMicros());
      if (r.churnImmediate() != null) {
        addCdf(cdf, "right after churn", r.churnImmediate().latencyMicros());
        addCdf(cdf, "after one refresh", r.churnAfterRefresh().latencyMicros());
      }
      files.add(save(cdf, dir.resolve("latency-cdf")));

      CategoryChart rounds = new CategoryChartBuilder().width(900).height(560)
          .title("Lookup rounds (hops)").xAxisTitle("rounds").yAxisTitle("lookups").build();
      rounds.getStyler().setLegendVisible(false);
      Histogram h = r.lookups().rounds();
      List<Integer> xs = new ArrayList<>();
      List<Long> ys = new ArrayList<>();
      for (int i = 0; i <= Math.max(1, h.getMaxValue()); i++) {
        xs.add(i);
        ys.add(h.getCountAtValue(i));
      }
      rounds.addSeries("rounds", xs, ys);
      files.add(save(rounds, dir.resolve("rounds")));

      if (r.churnImmediate() != null) {
        CategoryChart churn = new CategoryChartBuilder().width(900).height(560)
            .title("Success under " + Math.round(100 * ((Number) Json.at(r.report(), "churn.fraction")).doubleValue()) + "% churn")
            .xAxisTitle("phase").yAxisTitle("success (%)").build();
        churn.getStyler().setYAxisMin(0.0).setYAxisMax(100.0)
            .setLegendPosition(Styler.LegendPosition.OutsideS);
        List<String> phases = List.of("before churn", "right after", "after refresh");
        churn.addSeries("lookups (closest found)", phases, List.of(
            pct(r.lookups().successRate()), pct(r.churnImmediate().successRate()),
            pct(r.churnAfterRefresh().successRate())));
        churn.addSeries("gets (record found)", phases, List.of(pct(r.getsBefore()),
            pct(r.getsImmediate()), pct(r.getsAfterRefresh())));
        files.add(save(churn, dir.resolve("churn-success")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plots to " + dir + ": " + e.getMessage(), e);
    }
    return files;
  }

  private static double pct(double rate) {
    return Double.isFinite(rate) ? rate * 100 : 0;
  }

  private static void addCdf(XYChart chart, String name, Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return;
    }
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    long total = micros.getTotalCount();
    long seen = 0;
    for (HistogramIterationValue v : micros.recordedValues()) {
      seen += v.getCountAtValueIteratedTo();
      xs.add(micros.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0);
      ys.add((double) seen / total);
    }
    chart.addSeries(name, xs, ys);
  }

  private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path base)
      throws IOException {
    BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    return Path.of(base + ".png");
  }
}
