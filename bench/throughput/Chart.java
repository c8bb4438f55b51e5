import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The bar chart of bench/throughput.sh: {@code java -Djava.awt.headless=true Chart.java <tsv>
 * <png>}. Tab-separated rows: {@code title <text>}, {@code bar <label> <value> <min> <max>} (a
 * horizontal bar, its min–max as a whisker) and {@code line <label> <value>} (a dashed line).
 */
public class Chart {

  record Bar(String label, double value, double min, double max) {}

  record Line(String label, double value) {}

  public static void main(String[] args) throws Exception {
    String title = "";
    List<Bar> bars = new ArrayList<>();
    List<Line> lines = new ArrayList<>();
    for (String row : Files.readAllLines(Path.of(args[0]))) {
      String[] f = row.split("\t");
      switch (f[0]) {
        case "title" -> title = f[1];
        case "bar" ->
            bars.add(
                new Bar(
                    f[1],
                    Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]),
                    Double.parseDouble(f[4])));
        case "line" -> lines.add(new Line(f[1], Double.parseDouble(f[2])));
        default -> throw new IllegalArgumentException("unknown row: " + row);
      }
    }

    int width = 1000, left = 190, right = 40, top = 80, barHeight = 34, gap = 16;
    int plotWidth = width - left - right;
    int height = top + bars.size() * (barHeight + gap) + 50;
    double top0 = 0;
    for (Bar b : bars) top0 = Math.max(top0, b.max());
    for (Line l : lines) top0 = Math.max(top0, l.value());
    double step = niceStep(top0 / 6);
    double scaleMax = Math.ceil(top0 * 1.05 / step) * step;

    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    g.drawString(title, (width - g.getFontMetrics().stringWidth(title)) / 2, 32);

    // Grid and axis labels.
    int plotBottom = top + bars.size() * (barHeight + gap) - gap / 2;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics small = g.getFontMetrics();
    for (double v = 0; v <= scaleMax + step / 2; v += step) {
      int x = left + (int) Math.round(v / scaleMax * plotWidth);
      g.setColor(new Color(225, 225, 225));
      g.drawLine(x, top - 10, x, plotBottom);
      g.setColor(Color.DARK_GRAY);
      String tick = String.format("%,.0f", v);
      g.drawString(tick, x - small.stringWidth(tick) / 2, plotBottom + 18);
    }
    String axis = "requests per second";
    g.drawString(axis, left + (plotWidth - small.stringWidth(axis)) / 2, plotBottom + 36);

    // Bars, each with its value and a min–max whisker.
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = top + i * (barHeight + gap);
      int w = (int) Math.round(b.value() / scaleMax * plotWidth);
      int textY = y + (barHeight + fm.getAscent() - fm.getDescent()) / 2;
      g.setColor(Color.BLACK);
      g.drawString(b.label(), left - 10 - fm.stringWidth(b.label()), textY);
      g.setColor(b.label().contains("Paddock") ? new Color(214, 96, 40) : new Color(70, 120, 180));
      g.fillRect(left, y, w, barHeight);
      int x0 = left + (int) Math.round(b.min() / scaleMax * plotWidth);
      int x1 = left + (int) Math.round(b.max() / scaleMax * plotWidth);
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1.5f));
      g.drawLine(x0, y + barHeight / 2, x1, y + barHeight / 2);
      g.drawLine(x0, y + 10, x0, y + barHeight - 10);
      g.drawLine(x1, y + 10, x1, y + barHeight - 10);
      String value = String.format("%,.0f", b.value());
      int valueWidth = fm.stringWidth(value);
      boolean inside = w > valueWidth + 16 && x0 > left + valueWidth + 16;
      g.setColor(inside ? Color.WHITE : Color.BLACK);
      g.drawString(value, inside ? left + 8 : Math.max(left + w, x1) + 8, textY);
    }

    // Dashed lines, labelled above the plot.
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (Line l : lines) {
      int x = left + (int) Math.round(l.value() / scaleMax * plotWidth);
      g.setColor(new Color(180, 30, 30));
      g.setStroke(
          new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
      g.drawLine(x, top - 12, x, plotBottom);
      String text = l.label() + ": " + String.format("%,.0f", l.value());
      int textWidth = g.getFontMetrics().stringWidth(text);
      g.drawString(text, Math.min(x - textWidth / 2, width - right - textWidth), top - 18);
    }
    g.dispose();
    ImageIO.write(image, "png", new File(args[1]));
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
