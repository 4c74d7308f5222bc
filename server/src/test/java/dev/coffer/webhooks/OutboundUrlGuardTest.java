package dev.coffer.webhooks;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSRF guard on literal addresses (no DNS needed). */
class OutboundUrlGuardTest {

	@ParameterizedTest(name = "{0} internal: {1}")
	@CsvSource({
			"127.0.0.1, true", "127.255.255.254, true", "10.0.0.1, true", "172.16.0.1, true", "172.31.255.255, true",
			"192.168.1.1, true", "169.254.169.254, true", "100.64.0.1, true", "100.127.255.255, true", "0.0.0.0, true",
			"0.1.2.3, true", "192.0.0.1, true", "198.18.0.1, true", "224.0.0.1, true", "240.0.0.1, true",
			"255.255.255.255, true", "::1, true", "::, true", "fe80::1, true", "fc00::1, true", "fd00:ec2::254, true",
			"::ffff:127.0.0.1, true", "::ffff:10.1.2.3, true", "ff02::1, true", "::127.0.0.1, true",
			"64:ff9b::a9fe:a9fe, true", "64:ff9b:1::1, true", "2002:7f00:1::1, true", "2002:a00:1::, true",
			"8.8.8.8, false", "1.1.1.1, false", "172.32.0.1, false", "100.128.0.1, false", "192.0.2.1, false",
			"93.184.216.34, false", "2606:4700:4700::1111, false", "::ffff:8.8.8.8, false", "64:ff9b::808:808, false", "2002:808:808::1, false" })
	void addressIsInternalOrNot(String address, boolean internal) throws Exception {
		assertThat(OutboundUrlGuard.isInternal(InetAddress.getByName(address))).isEqualTo(internal);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1/hook", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
			"http://[::1]:8080/", "http://localhost/", "http://user:pw@example.com/", "ftp://example.com/file",
			"file:///etc/passwd", "http:///nohost", "not a url", "http://[::ffff:127.0.0.1]/", "http://0x7f000001/" })
	void targetIsRefused(String url) {
		OutboundUrlGuard guard = new OutboundUrlGuard(List.of());
		assertThatThrownBy(() -> guard.check(url)).isInstanceOfSatisfying(ApiException.class,
				ex -> assertThat(ex.code()).isEqualTo(ErrorCode.WEBHOOK_TARGET_FORBIDDEN));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:9000/hook", "https://127.0.0.1/" })
	void listedHostIsAllowed(String url) {
		assertThat(new OutboundUrlGuard(List.of(" 127.0.0.1 ")).check(url).getHost()).isEqualTo("127.0.0.1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://[::1]/hook", "http://10.0.0.1/hook", "http://[64:ff9b::7f00:1]/" })
	void listingOneHostAllowsNoOther(String url) {
		assertThatThrownBy(() -> new OutboundUrlGuard(List.of("127.0.0.1")).check(url)).isInstanceOf(ApiException.class);
	}
}
