// A small English-ish text the synthetic tokenizer learns its first merges from, so that common words,
// chat roles and punctuation become one or two tokens, as in a real tokenizer. Written for Edgewise;
// changing it changes every generated tokenizer (and so the tokens of every synthetic model).
export const TOKENIZER_CORPUS = `
The quick brown fox jumps over the lazy dog. The dog was not amused, and the fox ran into the woods.
Hello! How are you today? I am fine, thank you. What about you? I have been working on a new project.
You are a helpful assistant. Please answer the question below in a few sentences, and be concise.
The user asked the assistant to write a short story about a robot who learns to paint.
Once upon a time there was a small robot that lived in a city by the sea. Every morning it walked to
the harbour and watched the boats. One day it found a box of paint and a brush, and it began to paint
the boats, the water, the sky and the people who passed by. People stopped to look at its pictures.
"What are you doing?" asked a child. "I am painting what I see," said the robot. "Can I try?" she said.
They painted together until the sun went down, and then they went home. The next day they came back.
A language model reads text as tokens and predicts the next token, one at a time. Each token is a
number that stands for a piece of a word. Small models can run in the browser on the device itself,
without sending any data to a server, which keeps the conversation private and works offline.
This benchmark measures the time to first token, the number of tokens per second during decoding,
and the memory used by the model. We compare the local model with the same model running in the cloud.
Results are saved so that you can compare runs on different devices, browsers and backends.
In 2024 and 2025 many small models were released: 135 million, 360 million and 1 billion parameters.
The first, second and third results were 12, 34 and 56 milliseconds; the median was 34 ms.
function add(a, b) { return a + b; } const total = add(1, 2); console.log("total:", total);
for (let i = 0; i < 10; i++) { if (i % 2 === 0) { continue; } print(i); }
import numpy as np; x = np.array([1, 2, 3]); print(x.mean())
def main(): return "hello world"
Would you like to know more? Yes, please tell me more about it. No, thank you, that is all for now.
Where is the nearest station? It is about five minutes from here: go straight, then turn left.
Why is the sky blue? Because air scatters blue light from the sun more than it scatters red light.
Water boils at one hundred degrees at sea level, and it freezes at zero degrees.
The capital of France is Paris. The capital of Japan is Tokyo. The capital of Italy is Rome.
She said that they would meet again in the spring, when the weather was warmer and the days longer.
He could not remember where he had left his keys, so he looked for them everywhere in the house.
We should make sure that the tests pass before we merge the change into the main branch.
It was the best of days and it was the worst of days, but in the end everything turned out well.
system user assistant user assistant system user assistant
Some people like coffee in the morning, others prefer tea; many drink both during the day.
There are seven days in a week, twelve months in a year, and about thirty days in each month.
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December morning afternoon evening night today tomorrow yesterday
people time year way day man woman child world life hand part place case week company system program
question work government number point home water room mother area money story fact month lot right
study book eye job word business issue side kind head house service friend father power hour game
line end member law car city community name president team minute idea body information back parent
face others level office door health person art war history party result change reason research
good new first last long great little own other old right big high different small large next early
young important few public bad same able because between through during before after under against
would could should might must will shall can may have has had been being was were is are am do does did
`;
