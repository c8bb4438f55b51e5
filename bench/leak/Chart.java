import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;

/**
 * The memory chart of bench/leak.sh: {@code java -Djava.awt.headless=true Chart.java <tsv> <png>}.
 * One panel per phase, one above the other, on the same scales: each sandbox's container memory and
 * heap after GC over time, the memory limit and heap max as dashed lines, and a marker at each
 * recycle and death. Tab-separated rows, memory in MiB, time in seconds into the phase: {@code
 * title <text>}, {@code panel <id> <label> <seconds>}, {@code limit <id> <MiB>}, {@code heapmax
 * <id> <MiB>}, {@code sample <id> <sandbox> <t> <memory> <heap after GC, or empty>} and {@code
 * event <id> <t> <recycled|crashed>}.
 */
public class Chart {

  static final Color MEMORY = new Color(214, 96, 40);
  static final Color HEAP = new Color(50, 110, 180);
  static final Color LIMIT = new Color(180, 30, 30);
  static final Color RECYCLED = new Color(40, 150, 70);
  static final Color CRASHED = new Color(180, 30, 30);

  record Point(double t, double memory, Double heap) {}

  record Event(double t, String type) {}

  static final class Panel {
    final String label;
    final double seconds;
    double limit = Double.NaN;
    double heapMax = Double.NaN;
    final Map<String, List<Point>> series = new LinkedHashMap<>();
    final List<Event> events = new ArrayList<>();

    Panel(String label, double seconds) {
      this.label = label;
      this.seconds = seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    String title = "";
    Map<String, Panel> panels = new LinkedHashMap<>();
    for (String row : Files.readAllLines(Path.of(args[0]))) {
      String[] f = row.split("\t", -1);
      switch (f[0]) {
        case "title" -> title = f[1];
        case "panel" -> panels.put(f[1], new Panel(f[2], Double.parseDouble(f[3])));
        case "limit" -> panels.get(f[1]).limit = Double.parseDouble(f[2]);
        case "heapmax" -> panels.get(f[1]).heapMax = Double.parseDouble(f[2]);
        case "sample" ->
            panels
                .get(f[1])
                .series
                .computeIfAbsent(f[2], k -> new ArrayList<>())
                .add(
                    new Point(
                        Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]),
                        f[5].isEmpty() ? null : Double.parseDouble(f[5])));
        case "event" -> panels.get(f[1]).events.add(new Event(Double.parseDouble(f[2]), f[3]));
        default -> throw new IllegalArgumentException("unknown row: " + row);
      }
    }

    int width = 1100, left = 70, right = 30, top = 90, panelHeight = 270, gap = 70;
    int plotWidth = width - left - right;
    int height = top + panels.size() * (panelHeight + gap) + 10;
    double seconds = 1, highest = 1;
    for (Panel p : panels.values()) {
      seconds = Math.max(seconds, p.seconds);
      if (!Double.isNaN(p.limit)) highest = Math.max(highest, p.limit);
      for (List<Point> points : p.series.values()) {
        for (Point pt : points) highest = Math.max(highest, pt.memory());
      }
    }
    double yStep = niceStep(highest / 5);
    double yMax = Math.ceil(highest * 1.08 / yStep) * yStep;
    final double span = seconds;
    double xStep = niceStep(span / 10);

    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    g.drawString(title, (width - g.getFontMetrics().stringWidth(title)) / 2, 30);
    legend(g, left, 58);

    Stroke dashed =
        new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
    Stroke dotted =
        new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f);
    int y0 = top;
    for (Panel p : panels.values()) {
      int bottom = y0 + panelHeight;
      final int panelTop = y0;
      DoubleUnaryOperator x = t -> left + t / span * plotWidth;
      DoubleUnaryOperator y = v -> bottom - v / yMax * panelHeight;

      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.setColor(Color.BLACK);
      g.drawString(p.label, left, y0 - 8);

      // Grid and axes.
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics small = g.getFontMetrics();
      g.setStroke(new BasicStroke(1f));
      for (double v = 0; v <= yMax + yStep / 2; v += yStep) {
        int yy = (int) Math.round(y.applyAsDouble(v));
        g.setColor(new Color(228, 228, 228));
        g.drawLine(left, yy, left + plotWidth, yy);
        g.setColor(Color.DARK_GRAY);
        String tick = String.format("%.0f", v);
        g.drawString(tick, left - 8 - small.stringWidth(tick), yy + 4);
      }
      for (double t = 0; t <= seconds + xStep / 2; t += xStep) {
        int xx = (int) Math.round(x.applyAsDouble(t));
        g.setColor(new Color(228, 228, 228));
        g.drawLine(xx, panelTop, xx, bottom);
        g.setColor(Color.DARK_GRAY);
        String tick = String.format("%.0f s", t);
        g.drawString(tick, xx - small.stringWidth(tick) / 2, bottom + 16);
      }
      g.setColor(Color.GRAY);
      g.drawRect(left, panelTop, plotWidth, panelHeight);
      Graphics2D r = (Graphics2D) g.create();
      r.rotate(-Math.PI / 2);
      r.drawString("MiB", -(panelTop + panelHeight / 2) - small.stringWidth("MiB") / 2, 18);
      r.dispose();

      // The limit and the heap max, dashed, labelled at the right.
      if (!Double.isNaN(p.limit)) {
        horizontal(g, dashed, LIMIT, "memory limit " + Math.round(p.limit) + " MiB", left, plotWidth,
            (int) Math.round(y.applyAsDouble(p.limit)));
      }
      if (!Double.isNaN(p.heapMax)) {
        horizontal(g, dotted, HEAP, "heap max " + Math.round(p.heapMax) + " MiB", left, plotWidth,
            (int) Math.round(y.applyAsDouble(p.heapMax)));
      }

      // Events: a thin vertical line with a marker on top.
      Graphics2D clip = (Graphics2D) g.create();
      clip.clipRect(left, panelTop - 12, plotWidth + 1, panelHeight + 13);
      for (Event e : p.events) {
        int xx = (int) Math.round(x.applyAsDouble(e.t()));
        boolean recycled = e.type().equals("recycled");
        clip.setColor(recycled ? RECYCLED : CRASHED);
        clip.setStroke(new BasicStroke(1f));
        clip.drawLine(xx, panelTop, xx, bottom);
        marker(clip, recycled, xx, panelTop - 5);
      }

      // One line per sandbox: container memory and heap after GC.
      for (List<Point> points : p.series.values()) {
        clip.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        clip.setColor(MEMORY);
        clip.draw(line(points, p.events, x, y, false));
        clip.setColor(HEAP);
        clip.draw(line(points, p.events, x, y, true));
      }
      clip.dispose();
      y0 += panelHeight + gap;
    }
    g.dispose();
    ImageIO.write(image, "png", new File(args[1]));
  }

  /**
   * A sandbox's line, broken where a value is missing and at deaths: a sandbox that died and was
   * started again keeps its name.
   */
  static Path2D line(
      List<Point> points,
      List<Event> events,
      DoubleUnaryOperator x,
      DoubleUnaryOperator y,
      boolean heap) {
    Path2D path = new Path2D.Double();
    boolean started = false;
    double before = Double.NEGATIVE_INFINITY;
    for (Point p : points) {
      Double v = heap ? p.heap() : (Double) p.memory();
      double from = before;
      before = p.t();
      if (events.stream().anyMatch(e -> e.type().equals("crashed") && e.t() > from && e.t() <= p.t())) {
        started = false;
      }
      if (v == null) {
        started = false;
        continue;
      }
      double xx = x.applyAsDouble(p.t()), yy = y.applyAsDouble(v);
      if (started) {
        path.lineTo(xx, yy);
      } else {
        path.moveTo(xx, yy);
        started = true;
      }
    }
    return path;
  }

  static void horizontal(Graphics2D g, Stroke stroke, Color color, String text, int left, int plotWidth, int yy) {
    g.setColor(color);
    g.setStroke(stroke);
    g.drawLine(left, yy, left + plotWidth, yy);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(text, left + plotWidth - g.getFontMetrics().stringWidth(text) - 6, yy - 5);
    g.setStroke(new BasicStroke(1f));
  }

  /** A triangle for a recycle, a cross for a death, centred on (x, y). */
  static void marker(Graphics2D g, boolean recycled, int x, int y) {
    if (recycled) {
      g.fillPolygon(new int[] {x - 6, x + 6, x}, new int[] {y - 5, y - 5, y + 6}, 3);
    } else {
      g.setStroke(new BasicStroke(2.5f));
      g.drawLine(x - 5, y - 5, x + 5, y + 5);
      g.drawLine(x - 5, y + 5, x + 5, y - 5);
      g.setStroke(new BasicStroke(1f));
    }
  }

  static void legend(Graphics2D g, int x, int y) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics fm = g.getFontMetrics();
    Object[][] items = {
      {"container memory", MEMORY, "line"},
      {"heap after GC", HEAP, "line"},
      {"memory limit", LIMIT, "dashed"},
      {"heap max", HEAP, "dotted"},
      {"recycled", RECYCLED, "triangle"},
      {"died", CRASHED, "cross"},
    };
    for (Object[] item : items) {
      g.setColor((Color) item[1]);
      switch ((String) item[2]) {
        case "line" -> {
          g.setStroke(new BasicStroke(2.5f));
          g.drawLine(x, y - 4, x + 24, y - 4);
        }
        case "dashed" -> {
          g.setStroke(
              new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
          g.drawLine(x, y - 4, x + 24, y - 4);
        }
        case "dotted" -> {
          g.setStroke(
              new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f));
          g.drawLine(x, y - 4, x + 24, y - 4);
        }
        default -> marker(g, item[2].equals("triangle"), x + 12, y - 4);
      }
      g.setStroke(new BasicStroke(1f));
      g.setColor(Color.BLACK);
      g.drawString((String) item[0], x + 30, y);
      x += 30 + fm.stringWidth((String) item[0]) + 26;
    }
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= raw) {
        return m * power;
      }
    }
    return 10 * power;
  }
}
