package dev.coffer.classification;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The detectors, most specific first: when two fit a value equally well, the earlier one wins
 * (an AWS key id is also a high-entropy string; a SIN is also nine digits). A new detector is one
 * class implementing {@link Detector} and one line here.
 */
final class Detectors {

	static final List<Detector> ALL = List.of(new PrivateKeyDetector(), new JwtDetector(), new AwsAccessKeyDetector(),
			new EmailDetector(), new UrlDetector(), new IbanDetector(), new PaymentCardDetector(), new VinDetector(),
			new SsnDetector(), new SinDetector(), new AbaRoutingDetector(), new NinoDetector(), new MacAddressDetector(),
			new IpAddressDetector(), new PhoneDetector(), new GeoCoordinateDetector(), new DateOfBirthDetector(),
			new StreetAddressDetector(), new PostalCodeDetector(), new PassportDetector(), new PersonNameDetector(),
			new ApiKeyDetector());

	private static final Map<DetectedType, Integer> PRIORITY = new EnumMap<>(DetectedType.class);

	static {
		for (int i = 0; i < ALL.size(); i++) {
			PRIORITY.put(ALL.get(i).type(), i);
		}
	}

	private Detectors() {
	}

	/** Lower is more specific. */
	static int priority(DetectedType type) {
		return PRIORITY.getOrDefault(type, Integer.MAX_VALUE);
	}
}
