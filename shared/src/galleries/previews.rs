//! A photo's previews: a thumbnail (400 px) and a screen-size preview (1600 px), JPEG,
//! the EXIF orientation applied, and no metadata at all (GPS and the rest stay in the
//! untouched original only).
//!
//! Memory: the photo is decoded once (3 bytes a pixel: 150 MB for 50 megapixels, within
//! the decoder's limits below), scaled down with `thumbnail` (an integer box filter that
//! needs no floating-point copy of the photo) before it is turned (a turn copies only the
//! preview), and dropped before the thumbnail is made from the preview. Measured: a
//! 50-megapixel JPEG peaks at 161 MB (docs/BENCHMARKS.md).

use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::Cursor;

/// The long edge of each preview.
pub const THUMB: u32 = 400;
pub const PREVIEW: u32 = 1600;
/// The largest photo decoded (edge, and pixels: 120 megapixels).
pub const MAX_EDGE: u32 = 20_000;
pub const MAX_PIXELS: u64 = 120_000_000;

#[derive(Debug)]
pub struct Previews {
    pub thumb: Vec<u8>,
    pub preview: Vec<u8>,
    /// The photo's size as seen (after its orientation).
    pub width: u32,
    pub height: u32,
}

/// The previews of an image file, or why it cannot be read.
pub fn make(bytes: &[u8]) -> Result<Previews, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_EDGE);
    limits.max_image_height = Some(MAX_EDGE);
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!("{w}×{h} is beyond {MAX_PIXELS} pixels"));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let photo = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    let turned = matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let mut preview = fit(photo, PREVIEW);
    preview.apply_orientation(orientation);
    let thumb = fit(preview.clone(), THUMB);
    let (width, height) = if turned { (h, w) } else { (w, h) };
    Ok(Previews {
        thumb: jpeg(&thumb)?,
        preview: jpeg(&preview)?,
        width,
        height,
    })
}

/// `image` scaled down (never up) to fit a square of `edge`, in RGB.
fn fit(image: DynamicImage, edge: u32) -> DynamicImage {
    let image = if image.width() > edge || image.height() > edge {
        image.thumbnail(edge, edge)
    } else {
        image
    };
    DynamicImage::ImageRgb8(image.to_rgb8())
}

fn jpeg(image: &DynamicImage) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 82)
        .encode_image(image)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(w: u32, h: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&DynamicImage::ImageRgb8(image))
            .unwrap();
        out
    }

    #[test]
    fn previews_fit_their_edge_and_keep_the_aspect() {
        let made = make(&photo(3000, 2000)).unwrap();
        assert_eq!((made.width, made.height), (3000, 2000));
        let preview = image::load_from_memory(&made.preview).unwrap();
        assert_eq!((preview.width(), preview.height()), (1600, 1067));
        let thumb = image::load_from_memory(&made.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (400, 267));
        // A small photo is not enlarged.
        let small = make(&photo(300, 200)).unwrap();
        assert_eq!(
            image::load_from_memory(&small.preview).unwrap().width(),
            300
        );
    }

    #[test]
    fn a_corrupt_image_is_an_error_not_a_crash() {
        // Cut before its frame header: nothing to decode. (A photo cut later decodes what
        // it holds, as viewers do; the upload's size check refuses such a file first.)
        let mut bytes = photo(200, 100);
        bytes.truncate(20);
        assert!(make(&bytes).is_err());
        assert!(make(&[0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x01, 0x02]).is_err());
        assert!(make(b"\xFF\xD8\xFF\xE0 not a jpeg at all").is_err());
    }
}

#[cfg(test)]
mod orientation_tests {
    use super::*;

    /// A JPEG with an EXIF block: orientation 6 (turned 90° clockwise) and a GPS pointer.
    fn turned_photo(w: u32, h: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(w, h, |_, _| image::Rgb([200, 30, 30]));
        let mut plain = Vec::new();
        JpegEncoder::new_with_quality(&mut plain, 90)
            .encode_image(&DynamicImage::ImageRgb8(image))
            .unwrap();
        // TIFF header (little endian), one IFD of 2 entries: Orientation = 6, GPS IFD
        // pointer (to an empty IFD).
        let mut tiff: Vec<u8> = b"II*\x00\x08\x00\x00\x00".to_vec();
        tiff.extend([2, 0]);
        tiff.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
        tiff.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]);
        tiff.extend([0, 0, 0, 0]);
        tiff.extend([0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\x00\x00".to_vec();
        app1.extend(tiff);
        let len = (app1.len() + 2) as u16;
        let mut out = plain[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(len.to_be_bytes());
        out.extend(app1);
        out.extend(&plain[2..]);
        out
    }

    #[test]
    fn the_orientation_is_applied_and_no_exif_is_kept() {
        let original = turned_photo(1200, 800);
        assert!(original.windows(4).any(|w| w == b"Exif"));
        let made = make(&original).unwrap();
        assert_eq!((made.width, made.height), (800, 1200), "seen upright");
        let preview = image::load_from_memory(&made.preview).unwrap();
        assert_eq!((preview.width(), preview.height()), (800, 1200));
        for bytes in [&made.preview, &made.thumb] {
            assert!(
                !bytes.windows(4).any(|w| w == b"Exif"),
                "no EXIF in a preview"
            );
        }
    }
}
