//! Benchmark of a photo's previews (`scripts/bench.sh previews`):
//! `preview_bench make W H FILE` writes a W×H JPEG (a gradient with noise, quality 90);
//! `preview_bench run FILE [RUNS]` makes its previews RUNS times (default 5) in this fresh
//! process and prints the median time and the process's peak memory (VmHWM) as JSON.

#[path = "support/rss.rs"]
mod rss;
use estrade::galleries::previews;
use rss::peak_rss_mb;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("make") => {
            let (w, h): (u32, u32) = (args[2].parse().unwrap(), args[3].parse().unwrap());
            let mut seed = 7u32;
            let image = image::RgbImage::from_fn(w, h, |x, y| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let noise = (seed >> 28) as u8;
                image::Rgb([(x / 17) as u8 ^ noise, (y / 13) as u8, ((x + y) / 29) as u8])
            });
            let file = std::fs::File::create(&args[4]).unwrap();
            let mut out = std::io::BufWriter::new(file);
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
                .encode_image(&image)
                .unwrap();
        }
        Some("run") => {
            let bytes = std::fs::read(&args[2]).unwrap();
            let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(5);
            let mut times = Vec::new();
            let mut made = None;
            for _ in 0..runs {
                let started = Instant::now();
                made = Some(previews::make(&bytes).unwrap());
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            let made = made.unwrap();
            println!(
                "{{\"pixels\": \"{}x{}\", \"file_mb\": {:.1}, \"median_ms\": {:.0}, \"peak_rss_mb\": {:.0}, \"thumb_kb\": {}, \"preview_kb\": {}}}",
                made.width,
                made.height,
                bytes.len() as f64 / 1e6,
                times[times.len() / 2],
                peak_rss_mb(),
                made.thumb.len() / 1024,
                made.preview.len() / 1024
            );
        }
        _ => eprintln!("usage: preview_bench make W H FILE | run FILE [RUNS]"),
    }
}
