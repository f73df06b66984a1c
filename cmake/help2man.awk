# Turns `reinstated --help` into reinstated(8), so the page says what the
# program's own help says: the usage lines become the synopsis, the first
# paragraph the description, "  --option ARG  text" rows (with their
# indented continuation lines) the options, later paragraphs the notes.
# Usage: reinstated --help | awk -v version=X -f help2man.awk > reinstated.8
function esc(s) {
  gsub(/\\/, "\\e", s)
  gsub(/-/, "\\-", s)
  sub(/^[.']/, "\\\\&&", s)
  return s
}
BEGIN {
  print ".TH REINSTATED 8 \"\" \"reinstate " version "\" \"reinstate manual\""
  print ".SH NAME"
  print "reinstated \\- the reinstate server"
  state = "synopsis"
  print ".SH SYNOPSIS"
}
state == "synopsis" {
  if ($0 == "") { state = "description"; print ".SH DESCRIPTION"; next }
  line = $0
  sub(/^usage: */, "", line)
  sub(/^ +/, "", line)
  print esc(line)
  print ".br"
  next
}
state == "description" && /^options:$/ { state = "options"; print ".SH OPTIONS"; next }
state == "description" {
  if ($0 == "") print ".PP"; else print esc($0)
  next
}
state == "options" {
  if ($0 == "") { state = "notes"; print ".SH NOTES"; next }
  if (match($0, /^  +-[^ ]+( [^ -][^ ]*)?( [^ ]+)?  +/)) {
    head = substr($0, 1, RLENGTH)
    text = substr($0, RLENGTH + 1)
    sub(/ +$/, "", head); sub(/^ +/, "", head)
    print ".TP"
    print "\\fB" esc(head) "\\fR"
    print esc(text)
    next
  }
  if (match($0, /^  +-[^ ]+( [A-Z]+)?$/)) {
    head = $0; sub(/^ +/, "", head)
    print ".TP"
    print "\\fB" esc(head) "\\fR"
    next
  }
  line = $0; sub(/^ +/, "", line)
  print esc(line)
  next
}
state == "notes" {
  if ($0 == "") print ".PP"; else print esc($0)
}
END {
  print ".SH SEE ALSO"
  print ".BR reinstate (1)"
}
