//! Charts as inline SVG: the report opens from disk with no script and no network. Every chart
//! carries `data-chart` (its name) and `data-points` (how many non-zero values it draws), so a
//! test can tell an empty chart from a drawn one without looking at pixels.

use std::fmt::Write as _;

/// Colours of the series, in order; chosen to stay apart for the common colour blindnesses.
const PALETTE: [&str; 8] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999",
];
const WIDTH: f64 = 760.0;
const LABEL_W: f64 = 170.0;
const VALUE_W: f64 = 90.0;
const ROW_H: f64 = 22.0;

/// `&`, `<`, `>` and quotes escaped for text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// 12345678 as "12,345,678".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn open(name: &str, height: f64, points: usize) -> String {
    open_sized(name, WIDTH, height, points)
}

fn open_sized(name: &str, width: f64, height: f64, points: usize) -> String {
    format!(
        "<svg class=\"chart\" data-chart=\"{}\" data-points=\"{points}\" width=\"{width}\" \
         height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">",
        escape(name)
    )
}

/// One bar per row, longest = full width, the value written after it.
pub fn bars(name: &str, rows: &[(String, u64)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    let height = ROW_H * rows.len() as f64 + 6.0;
    let points = rows.iter().filter(|r| r.1 > 0).count();
    let mut out = open(name, height, points);
    let span = WIDTH - LABEL_W - VALUE_W;
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = ROW_H * i as f64 + 3.0;
        let w = span * *value as f64 / max;
        let _ = write!(
            out,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL_W}\" y=\"{y:.0}\" width=\"{w:.1}\" height=\"{:.0}\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.0}\">{}</text>",
            LABEL_W - 6.0,
            y + 15.0,
            escape(label),
            ROW_H - 5.0,
            PALETTE[0],
            LABEL_W + w + 4.0,
            y + 15.0,
            thousands(*value)
        );
    }
    out.push_str("</svg>");
    out
}

/// One bar per row split into coloured parts (`series` names them, in order), each row scaled
/// to its own total (shares), with a legend.
pub fn stacked(name: &str, series: &[String], rows: &[(String, Vec<u64>)]) -> String {
    let mut keys = String::new();
    let top = legend(&mut keys, series, 0.0);
    let height = ROW_H * (rows.len() + top) as f64 + 6.0;
    let points = rows.iter().flat_map(|r| &r.1).filter(|&&v| v > 0).count();
    let mut out = open(name, height, points);
    out.push_str(&keys);
    let span = WIDTH - LABEL_W - VALUE_W;
    for (i, (label, values)) in rows.iter().enumerate() {
        let y = ROW_H * (i + top) as f64 + 3.0;
        let total = values.iter().sum::<u64>().max(1) as f64;
        let _ = write!(
            out,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>",
            LABEL_W - 6.0,
            y + 15.0,
            escape(label)
        );
        let mut x = LABEL_W;
        for (k, &v) in values.iter().enumerate() {
            let w = span * v as f64 / total;
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.0}\" width=\"{w:.1}\" height=\"{:.0}\" fill=\"{}\">\
                 <title>{}: {}</title></rect>",
                ROW_H - 5.0,
                PALETTE[k % PALETTE.len()],
                escape(series.get(k).map_or("", String::as_str)),
                thousands(v)
            );
            x += w;
        }
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.0}\">{}</text>",
            x + 4.0,
            y + 15.0,
            thousands(values.iter().sum())
        );
    }
    out.push_str("</svg>");
    out
}

/// Legend entries left to right, wrapping onto new rows of `ROW_H`; returns the rows used.
fn legend(out: &mut String, series: &[String], y: f64) -> usize {
    let (mut x, mut row) = (LABEL_W, 0);
    for (k, s) in series.iter().enumerate() {
        let w = 30.0 + 7.5 * s.chars().count() as f64;
        if x + w > WIDTH && x > LABEL_W {
            x = LABEL_W;
            row += 1;
        }
        let top = y + ROW_H * row as f64;
        let _ = write!(
            out,
            "<rect x=\"{x:.0}\" y=\"{:.0}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.0}\" y=\"{:.0}\">{}</text>",
            top + 4.0,
            PALETTE[k % PALETTE.len()],
            x + 16.0,
            top + 15.0,
            escape(s)
        );
        x += w;
    }
    row + 1
}

/// Vertical bars over labelled bins, for distributions; half the page wide, so that two sit
/// side by side.
pub fn histogram(name: &str, bins: &[(String, u64)]) -> String {
    const HEIGHT: f64 = 190.0;
    const PLOT: f64 = 130.0;
    const W: f64 = WIDTH / 2.0 - 10.0;
    let max = bins.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let points = bins.iter().filter(|b| b.1 > 0).count();
    let mut out = open_sized(name, W, HEIGHT, points);
    let step = (W - 20.0) / bins.len().max(1) as f64;
    let base = 10.0 + PLOT;
    for (i, (label, value)) in bins.iter().enumerate() {
        let h = PLOT * *value as f64 / max;
        let x = 10.0 + step * i as f64;
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\">\
             <title>{}: {}</title></rect>",
            x + 1.0,
            base - h,
            step - 2.0,
            PALETTE[0],
            escape(label),
            thousands(*value),
        );
        // Labels longer than a bar is wide slant, so that neighbours do not run together.
        let (tx, ty) = (x + step / 2.0, base + 12.0);
        let slant = 6.0 * label.chars().count() as f64 > step;
        let _ = match slant {
            true => write!(
                out,
                "<text x=\"{tx:.1}\" y=\"{ty:.0}\" text-anchor=\"end\" class=\"tick\" \
                 transform=\"rotate(-40 {tx:.1} {ty:.0})\">{}</text>",
                escape(label)
            ),
            false => write!(
                out,
                "<text x=\"{tx:.1}\" y=\"{ty:.0}\" text-anchor=\"middle\" class=\"tick\">{}</text>",
                escape(label)
            ),
        };
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_count_the_values_they_draw() {
        let rows = vec![("kk".to_string(), 3), ("ru".to_string(), 0)];
        assert!(bars("langs", &rows).contains("data-points=\"1\""));
        let series = vec!["Cyrl".to_string(), "Latn".to_string()];
        let svg = stacked("scripts", &series, &[("kk".to_string(), vec![5, 2])]);
        assert!(svg.contains("data-points=\"2\""));
        assert!(histogram("len", &[]).contains("data-points=\"0\""));
    }

    #[test]
    fn labels_are_escaped() {
        let svg = bars("x", &[("<b>&".to_string(), 1)]);
        assert!(svg.contains("&lt;b&gt;&amp;") && !svg.contains("<b>"));
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(100), "100");
    }
}
