import CCurl

/// libcurl's one-time set-up and identity; `CurlEasy` owns the per-worker handles.
public enum CurlLibrary {
    /// `curl_global_init` must run once, before any thread uses libcurl.
    public static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// "libcurl/7.88.1" (curl_version() goes on to list every linked library).
    public static var version: String {
        String(String(cString: curl_version()).prefix { $0 != " " })
    }
}
