package dev.coffer.api.docs;

import java.util.Arrays;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/**
 * {@code /api/errors/{code}}: the page each problem's {@code type} and {@code doc_url} point at,
 * and {@code /api/errors}, the catalogue. Public, like the rest of the API's documentation.
 */
@Hidden
@RestController
class ErrorDocsController {

	@GetMapping(path = "/api/errors", produces = MediaType.TEXT_HTML_VALUE)
	String index() {
		StringBuilder rows = new StringBuilder();
		Arrays.stream(ErrorCode.values())
			.forEach(code -> rows.append("<tr><td><a href=\"/api/errors/")
				.append(code.code())
				.append("\"><code>")
				.append(code.code())
				.append("</code></a></td><td>")
				.append(code.status().value())
				.append("</td><td>")
				.append(HtmlUtils.htmlEscape(code.title()))
				.append("</td></tr>\n"));
		return page("Coffer API errors", """
				<h1>Coffer API errors</h1>
				<p>Every error is an <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a> problem
				(<code>application/problem+json</code>) with <code>type</code>, <code>code</code>, <code>message</code>,
				<code>doc_url</code>, <code>status</code> and <code>request_id</code>. Codes are stable.</p>
				<table><tr><th>code</th><th>status</th><th>title</th></tr>
				%s</table>""".formatted(rows));
	}

	@GetMapping(path = "/api/errors/{code}", produces = MediaType.TEXT_HTML_VALUE)
	String error(@PathVariable String code) {
		ErrorCode error = ErrorCode.fromCode(code)
			.orElseThrow(() -> ApiException.notFound("Error code", HtmlUtils.htmlEscape(code)));
		return page("Coffer error " + error.code(), """
				<p><a href="/api/errors">All errors</a></p>
				<h1><code>%s</code></h1>
				<p><strong>HTTP %d</strong> %s</p>
				<h2>What it means</h2>
				<p>%s</p>
				<h2>What to do</h2>
				<p>%s</p>
				<p>Each response carries a <code>request_id</code> (also in the <code>X-Request-Id</code> header): quote it
				when reporting a problem; operators find the request in the server log by it.</p>""".formatted(
				error.code(), error.status().value(), HtmlUtils.htmlEscape(error.title()),
				markdownCode(HtmlUtils.htmlEscape(error.description())), markdownCode(HtmlUtils.htmlEscape(error.remedy()))));
	}

	private static String markdownCode(String text) {
		return text.replaceAll("`([^`]+)`", "<code>$1</code>");
	}

	private static String page(String title, String body) {
		return """
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="utf-8"><title>%s</title>
				<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
				table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3rem .8rem;text-align:left}</style>
				</head><body>
				%s
				</body></html>
				""".formatted(HtmlUtils.htmlEscape(title), body);
	}
}
