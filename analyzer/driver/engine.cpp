// The engine goes here.
