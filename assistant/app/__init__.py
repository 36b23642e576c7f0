"""App layer: the Gradio web app, its rendering, the guidance memo and the review log."""
