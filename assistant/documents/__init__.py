"""Documents layer: load files, clean their text, find their structure, cut chunks, make citations."""
