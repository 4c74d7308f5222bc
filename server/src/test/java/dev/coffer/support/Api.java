package dev.coffer.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small black-box HTTP client for the Coffer API, as one caller (or anonymous). */
public final class Api {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(10))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String baseUrl;

	private final String authorization;

	private final Map<String, String> headers;

	private Api(String baseUrl, String authorization, Map<String, String> headers) {
		this.baseUrl = baseUrl;
		this.authorization = authorization;
		this.headers = headers;
	}

	public static Api anonymous(String baseUrl) {
		return new Api(baseUrl, null, Map.of());
	}

	public Api basic(String name, String secret) {
		return withAuthorization("Basic " + Base64.getEncoder()
			.encodeToString((name + ":" + secret).getBytes(StandardCharsets.UTF_8)));
	}

	public Api bearer(String token) {
		return withAuthorization("Bearer " + token);
	}

	public Api withAuthorization(String value) {
		return new Api(this.baseUrl, value, this.headers);
	}

	public Api anonymous() {
		return new Api(this.baseUrl, null, this.headers);
	}

	public Api header(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.headers);
		more.put(name, value);
		return new Api(this.baseUrl, this.authorization, more);
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	public Response get(String path) {
		return send("GET", path, null);
	}

	public Response delete(String path) {
		return send("DELETE", path, null);
	}

	public Response post(String path, Object body) {
		return send("POST", path, body);
	}

	public Response put(String path, Object body) {
		return send("PUT", path, body);
	}

	public Response patch(String path, Object body) {
		return send("PATCH", path, body);
	}

	/** Sends {@code body} as JSON: a String is sent as is, anything else is serialized. */
	public Response send(String method, String path, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : this.baseUrl + path))
			.timeout(Duration.ofSeconds(60));
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		this.headers.forEach(request::header);
		if (body == null) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			String json = body instanceof String text ? text : JSON.writeValueAsString(body);
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response);
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A response; {@link #json()} parses the body. */
	public static final class Response {

		private final HttpResponse<String> response;

		Response(HttpResponse<String> response) {
			this.response = response;
		}

		public int status() {
			return this.response.statusCode();
		}

		public String body() {
			return this.response.body();
		}

		public JsonNode json() {
			return JSON.readTree(this.response.body());
		}

		public String header(String name) {
			return this.response.headers().firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

		/** A field of the JSON body as text. */
		public String field(String name) {
			JsonNode node = json().get(name);
			return node == null || node.isNull() ? null : node.asString();
		}

		@Override
		public String toString() {
			return this.response.request().method() + " " + this.response.uri() + " -> " + status() + " " + body();
		}
	}
}
