"""One builder per tab of the web app; each returns its components and how to relabel them."""
