package dev.coffer.classification;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Geographic coordinates in decimal degrees: a latitude, longitude pair ({@code 40.7128, -74.0060},
 * optionally in parentheses) with both in range and at least four decimals (about 11 m, a
 * house) is strong; with two or three decimals, or a lone latitude or longitude (a column of its
 * own), it is weak and needs the column name or a context word.
 */
final class GeoCoordinateDetector implements Detector {

	private static final Pattern PAIR = Pattern.compile("\\(?\\s?([-+]?\\d{1,2}\\.(\\d{2,12}))\\s?,\\s?([-+]?\\d{1,3}\\.(\\d{2,12}))\\s?\\)?");

	private static final Pattern SINGLE = Pattern.compile("[-+]?\\d{1,3}\\.(\\d{3,12})");

	@Override
	public DetectedType type() {
		return DetectedType.GEO_COORDINATE;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.letters() == 0 && shape.digits >= 4 && shape.length <= 40 && shape.dots >= 1 && shape.dots <= 2
				&& shape.slashes == 0 && shape.colons == 0 && shape.commas <= 1;
	}

	@Override
	public Match check(String value) {
		Matcher pair = PAIR.matcher(value);
		if (pair.matches()) {
			double lat = Double.parseDouble(pair.group(1));
			double lon = Double.parseDouble(pair.group(3));
			if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat == 0 && lon == 0)) {
				return Match.NONE;
			}
			return pair.group(2).length() >= 4 && pair.group(4).length() >= 4 ? Match.STRONG : Match.WEAK;
		}
		Matcher single = SINGLE.matcher(value);
		if (single.matches()) {
			double degrees = Math.abs(Double.parseDouble(value));
			return degrees <= 180 ? Match.WEAK : Match.NONE;
		}
		return Match.NONE;
	}

	@Override
	public String validator() {
		return "range:lat_lon";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("lat", "lon", "lng", "long", "latitude", "longitude", "coord", "coords", "coordinate", "coordinates",
				"geo", "gps", "latlng", "latlon", "geolocation", "geopoint", "location", "position");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("deg", "degrees", "dd", "wgs84", "point");
	}

	@Override
	public Set<String> nameBlockers() {
		return Set.of("storage", "file", "warehouse", "bin", "shelf", "job", "log", "cursor", "seek", "page");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("lat", "lon", "lng", "latitude", "longitude", "coordinates", "coords", "gps", "location", "geo",
				"position", "located", "pinned", "map");
	}

	@Override
	public double baseScore() {
		return 0.65;
	}

	@Override
	public double contextScore() {
		return 0.9;
	}

	@Override
	public int maxTokens() {
		return 3;
	}
}
