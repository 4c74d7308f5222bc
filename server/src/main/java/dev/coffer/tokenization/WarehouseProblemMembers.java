package dev.coffer.tokenization;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ProblemMembers;

/**
 * Every problem answered on the BigQuery and Redshift function endpoints (a bad body, a missing
 * permission, a size limit, a rate limit) also carries the member that warehouse reads: BigQuery's
 * {@code errorMessage}, Redshift's {@code success: false} and {@code error_msg}.
 *
 * @see <a href="https://cloud.google.com/bigquery/docs/remote-functions#output_format">BigQuery remote
 *      functions: output format</a>
 * @see <a href="https://docs.aws.amazon.com/redshift/latest/dg/udf-creating-a-lambda-sql-udf.html">Amazon
 *      Redshift: Lambda UDF output</a>
 */
@Component
class WarehouseProblemMembers implements ProblemMembers {

	@Override
	public Map<String, Object> members(HttpServletRequest request, ApiException exception) {
		String path = request.getRequestURI();
		if (path.startsWith("/api/v1/integrations/bigquery/")) {
			return Map.of("errorMessage", exception.getMessage());
		}
		if (path.startsWith("/api/v1/integrations/redshift/")) {
			return Map.of("success", false, "error_msg", exception.getMessage());
		}
		return Map.of();
	}
}
