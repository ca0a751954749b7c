/** The exit-code table printed after `qbo-it --help`. */
export const ExitCodeGuide = `
Secrets come from the environment: QBO_CLIENT_ID, QBO_CLIENT_SECRET (OAuth app),
INTELLITRACK_API_KEY, and optionally QBO_ACCESS_TOKEN (a ready token; no refresh),
QBO_IT_ALERT_SECRET (signs --alert-webhook posts) and QBO_WEBHOOK_VERIFIER_TOKEN
(checks QBO's notifications to watch --webhooks).

Exit codes:
  0  done
  1  finished, but records failed or conflicted, preflight found problems, or verify differences
  2  bad arguments or configuration
  3  QBO needs authorizing again ("qbo-it connect") or a key was refused
  4  interrupted (SIGINT/SIGTERM); the next run resumes
  5  the run could not complete (a service unreachable or failing)
  6  another sync of the same company is running (its lease is held); try later
`;
