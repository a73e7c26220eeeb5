// Hand-written seed prompts for the default task classifier: short, varied, one prompt a line. Written for this
// repo (not taken from any benchmark) so MT-Bench stays a held-out check. Label meanings:
//   code        write, fix, explain or review code, queries, shell, config
//   math        arithmetic, algebra, calculus, probability, proofs, word problems with numbers
//   reasoning   logic puzzles, deduction, "explain why/how", analysis and comparison of ideas (science, humanities)
//   planning    plans, schedules, itineraries, roadmaps, step-by-step approaches to a goal
//   writing     compose or rewrite prose: emails, stories, poems, essays, posts, ad copy, edits for tone
//   extraction  pull structured facts out of provided text: fields, entities, JSON, tables, labels, summaries of given text
//   chat        conversation, role-play, personas, small talk, opinions, advice in a casual voice
//   other       translation, quick facts and definitions, recommendations, conversions, anything else

const lines = (task: string, block: string) =>
  block
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((prompt) => ({ prompt, task }));

export const SEED_EXAMPLES: readonly { prompt: string; task: string }[] = [
  ...lines(
    "code",
    `
Write a Python function that reverses a singly linked list in place.
Fix this bug: my JavaScript loop prints undefined for every element of the array.
Implement binary search in Java and explain its time complexity.
Write a SQL query that returns the top 5 customers by total order value in 2023.
Why does this C++ code segfault? int* p; *p = 5;
Refactor this function to use async/await instead of promise chains.
Write a bash script that renames all .jpeg files in a folder to .jpg.
Create a React component that shows a paginated table of users fetched from an API.
Explain what this regex does: ^(?=.*\\d)(?=.*[a-z]).{8,}$
Write unit tests with pytest for a function that parses dates from strings.
How do I read a large CSV file in pandas without running out of memory?
Implement an LRU cache class in TypeScript with get and put in O(1).
Convert this Python 2 code to Python 3: print "hello"; raw_input()
Write a function to find the longest common subsequence of two strings using dynamic programming.
My Docker container exits immediately after starting. Here is the Dockerfile, what is wrong?
Write a Rust program that counts word frequencies in a text file.
Given an array of integers, write code to return the indices of two numbers that add up to a target.
Review my pull request diff and point out potential race conditions.
Write a Go HTTP server with a health check endpoint and graceful shutdown.
How do I center a div horizontally and vertically with CSS flexbox?
Implement quicksort in C and explain the choice of pivot.
Write a Kubernetes deployment YAML for a Node.js app with 3 replicas.
What is the difference between let, const and var in JavaScript? Show examples.
Write a function that checks whether a binary tree is a valid binary search tree.
Debug this stack trace: TypeError: Cannot read properties of undefined (reading 'map').
Write a Python class for a bank account with deposit, withdraw and balance methods.
Optimize this SQL query that does a full table scan on a join of orders and customers.
Write a script that downloads a web page and extracts all the links with BeautifulSoup.
Implement a trie with insert, search and startsWith methods.
Write a GitHub Actions workflow that runs tests on every push to main.
How can I make this recursive Fibonacci function faster? def fib(n): return fib(n-1)+fib(n-2)
Write a function to merge k sorted lists efficiently.
Explain the output of this code snippet and why the closure captures the loop variable.
Write an Express middleware that logs request duration.
Implement Dijkstra's shortest path algorithm using a priority queue.
Write a regular expression that validates an email address and test it in Python.
Translate this Java class into idiomatic Kotlin.
Write a program to detect a cycle in a directed graph.
Create a Makefile target that builds the project and runs the linter.
Why is my Python multiprocessing pool slower than a plain loop?
Write a function that returns the median of two sorted arrays in logarithmic time.
Add type hints to this Python module and fix the mypy errors.
Write a TypeScript generic function that groups an array of objects by a key.
Implement a rate limiter using the token bucket algorithm.
Write an HTML form with client-side validation for name, email and password.
Parse a JSON config file in C# and handle missing keys gracefully.
Write a function that counts the number of islands in a 2D grid.
Explain big-O of this nested loop and suggest a faster algorithm.
Write a git command sequence to squash the last three commits.
Write a program that prints the first n prime numbers using the sieve of Eratosthenes.
Implement a function to serialize and deserialize a binary tree.
My Node.js app leaks memory under load. How do I profile it?
Write a shell one-liner to find the 10 largest files under /var.
Write a Python decorator that retries a function three times on exception.
def foo(x): return x+1  # why does this fail with a TypeError?
for (let i = 0; i <= arr.length; i++) { total += arr[i]; } gives NaN, why?
SELECT name, COUNT(*) FROM users GROUP BY 1 HAVING COUNT(*) > 1; what does this return?
const [a, setA] = useState(0); useEffect(() => setA(a + 1)); causes an infinite loop. Fix it.
my python script says IndexError: list index out of range on line 12
git rebase says there are conflicts, how do I continue?
\`\`\`js const total = items.reduce((a, b) => a + b.price, 0) \`\`\` what does this do?
\`\`\`python x = [i * 2 for i in range(10)] \`\`\` rewrite without the comprehension
\`\`\`go if err != nil { return err } \`\`\` is there a shorter way?
\`\`\`ts let n: number = "5" \`\`\` why is this a type error?
`,
  ),
  ...lines(
    "math",
    `
Solve for x: 3x + 7 = 22.
What is the derivative of sin(x) * e^x?
Compute the integral of x^2 from 0 to 3.
A train travels 240 km in 3 hours. What is its average speed in m/s?
Find all real roots of x^2 - 5x + 6 = 0.
What is the probability of getting exactly two heads in four fair coin flips?
Prove that the square root of 2 is irrational.
If a rectangle has a perimeter of 30 and a length of 9, what is its area?
Simplify (2x^3 y^2)^2 / (4 x y).
How many ways can 5 people be seated around a round table?
What is 17% of 250?
Find the eigenvalues of the matrix [[2, 1], [1, 2]].
A store discounts a $80 jacket by 25% and then adds 8% tax. What is the final price?
Prove by induction that 1 + 2 + ... + n = n(n+1)/2.
What is the sum of the interior angles of a hexagon?
Solve the system: 2x + y = 7, x - y = 2.
Evaluate the limit of (1 + 1/n)^n as n goes to infinity.
A bag has 4 red and 6 blue marbles. Two are drawn without replacement. What is the probability both are red?
What is the remainder when 2^100 is divided by 7?
Find the area of a triangle with vertices (0,0), (4,0) and (1,3).
Compute the determinant of a 3x3 matrix with rows 1 2 3, 0 1 4, 5 6 0.
How many positive divisors does 360 have?
Convert the repeating decimal 0.363636... to a fraction.
If f(x) = 2x + 3 and g(x) = x^2, what is f(g(2))?
What is the expected value of the sum of two fair dice?
A population grows 3% per year. How long until it doubles?
Find the distance between the points (1, 2) and (7, 10).
Solve the differential equation dy/dx = 2y with y(0) = 1.
What is the least common multiple of 12, 18 and 30?
Calculate the compound interest on $1000 at 5% annually for 3 years.
Show that the function f(x) = x^3 is strictly increasing.
If the mean of five numbers is 12 and four of them are 10, 11, 13, 14, what is the fifth?
Find the slope of the line through (2, -1) and (5, 8).
What is log base 2 of 1024?
How many subsets does a set with 6 elements have?
Compute 48 * 27 without a calculator and show your steps.
The sides of a right triangle are 9 and 12. How long is the hypotenuse?
Find the Taylor series of e^x around 0 up to the x^4 term.
A car's value drops 15% per year. What is a $20,000 car worth after 4 years?
What is the variance of the numbers 2, 4, 4, 4, 5, 5, 7, 9?
Solve |2x - 3| < 5.
Find the volume of a sphere with radius 4 cm.
Two pipes fill a tank in 6 and 9 hours. How long do they take together?
Is 221 a prime number? Show why or why not.
Find the inverse of the function f(x) = (3x - 1) / 2.
Calculate 3/4 + 5/6 and simplify.
What is the greatest common divisor of 84 and 126?
How many diagonals does a decagon have?
Find the minimum value of x^2 - 6x + 13.
If a and b are roots of x^2 + 3x - 10, compute a^2 + b^2.
A recipe needs 2.5 cups of flour for 12 cookies. How much flour for 30 cookies?
Evaluate the sum of the geometric series 1 + 1/3 + 1/9 + ...
What are the odds of rolling at least one six in three rolls of a die?
`,
  ),
  ...lines(
    "reasoning",
    `
If all bloops are razzies and all razzies are lazzies, are all bloops definitely lazzies?
Alice is taller than Bob, Bob is taller than Carol. Who is the shortest?
Three boxes are labelled apples, oranges and mixed, and every label is wrong. How do you fix the labels by picking one fruit?
Explain why the sky appears blue during the day and red at sunset.
Why do heavier and lighter objects fall at the same rate in a vacuum?
What would happen to the Earth's climate if the Moon disappeared?
Compare the causes of the First and Second World Wars.
A man looks at a portrait and says: brothers and sisters I have none, but that man's father is my father's son. Who is in the portrait?
Explain how natural selection leads to antibiotic resistance.
Is this argument valid? All cats are mammals; some mammals swim; therefore some cats swim.
What are the trade-offs between nuclear power and solar power?
Explain the difference between correlation and causation with an example.
Why did the Roman Empire decline? Weigh the main explanations.
David has three sisters. Each sister has one brother. How many brothers does David have?
Explain how vaccines train the immune system.
What is the principle of supply and demand and how does it set prices?
If it rains the ground gets wet. The ground is wet. Did it rain? Explain the fallacy.
Explain the concept of opportunity cost and why it matters for decisions.
How does a refrigerator move heat from inside to outside?
Analyze the ethical dilemma in the trolley problem from utilitarian and deontological views.
Why does ice float on water?
Which is heavier, a kilogram of feathers or a kilogram of steel? Explain.
Explain the significance of the printing press for the Reformation.
What is entropy and why does it always increase in an isolated system?
Five people finish a race: A beat B, C beat D, B beat C, E finished last. Give the order.
Explain how inflation affects savers and borrowers differently.
Why do some countries drive on the left side of the road?
Critique the argument that video games cause violence.
How does photosynthesis convert light into chemical energy?
What are the strengths and weaknesses of democracy compared to technocracy?
Explain the prisoner's dilemma and what it says about cooperation.
If you overtake the person in second place in a race, what place are you in?
Explain why the seasons happen; is it the distance from the Sun?
What factors led to the 2008 financial crisis?
Explain Kant's categorical imperative in simple terms.
Why is the speed of light considered a universal speed limit?
A farmer has 17 sheep and all but 9 run away. How many are left?
Evaluate the claim that the Great Wall of China is visible from space.
How do central banks use interest rates to control inflation?
Explain the main ideas of existentialism and how they differ from stoicism.
What is the role of mitochondria in a cell, and why is it called the powerhouse?
Why might a company choose to go public instead of staying private?
Explain how plate tectonics produces earthquakes and volcanoes.
Which statement must be true if no reptiles have fur and all snakes are reptiles?
Discuss the impact of social media on political polarization.
Explain the difference between weather and climate.
Why does quantum entanglement not allow faster-than-light communication?
Explain how a bill becomes a law and the checks involved.
What caused the fall of the Berlin Wall?
A clock shows 3:15. What is the angle between the hour and minute hands? Explain your reasoning.
Explain the concept of comparative advantage in international trade.
Why are antibiotics useless against viral infections?
Explain the tragedy of the commons and give a modern example.
`,
  ),
  ...lines(
    "planning",
    `
Plan a 5-day trip to Japan for a first-time visitor on a moderate budget.
Create a weekly study schedule to prepare for the GRE in three months.
Give me a step-by-step plan to launch an online store in 30 days.
Draft a project roadmap for migrating our monolith to microservices over two quarters.
Make a 12-week training plan to run my first half marathon.
What steps should I take to switch careers from teaching to data analysis?
Plan a birthday party for ten 8-year-olds on a $200 budget.
Create a meal plan for a week of high-protein vegetarian dinners.
Outline the milestones for building a mobile app MVP with a team of three.
Help me organize my day: I have a dentist appointment at 10, a report due at 3 and gym at 6.
Design an onboarding plan for a new software engineer's first 90 days.
What is a good sequence of steps to declutter and reorganize my apartment?
Plan a two-week road trip through the national parks of Utah and Arizona.
Create a content calendar for a small bakery's Instagram for next month.
How should I prioritize these tasks: taxes, car repair, client deadline, moving boxes?
Outline a plan to reduce our cloud costs by 30% this year.
Give me a schedule to learn Spanish to conversational level in six months.
Plan the agenda for a one-day offsite workshop for a 20-person team.
What steps do I need to follow to apply for a mortgage?
Create a release plan with phases for rolling out a new feature to all users.
Make a savings plan to build a $10,000 emergency fund in 18 months.
Plan a wedding timeline from engagement to the big day, twelve months out.
Create an itinerary for a weekend in Paris with museums and food.
Outline the steps to prepare a house for sale.
Build a 30-day plan to get my small business onto social media.
Plan a study group schedule for four students with different free hours.
Give me a morning routine plan to be more productive before work.
Create a disaster recovery plan outline for a small company's IT systems.
How would you plan the move of an office of 50 people to a new building?
Design a curriculum for an 8-week introductory Python course.
Plan a product launch event with timeline, budget and owners.
Give me step-by-step instructions to start a vegetable garden this spring.
Plan a week of family activities for a rainy school holiday.
Draw up a quarterly OKR plan for a customer support team.
What is the best order to tackle renovating a kitchen?
Create a hiring plan for growing an engineering team from 5 to 15 people.
Lay out a schedule for writing a 60,000-word novel in a year.
Plan a three-day hiking trip with gear list and daily distances.
Make a plan to pay off $15,000 of credit card debt.
Outline the phases of a research project from proposal to publication.
Plan a fundraising campaign for a local animal shelter.
Suggest a timeline for preparing a conference talk in six weeks.
Create a maintenance schedule for a family car.
Plan a sprint: here are twelve backlog items, help me pick and sequence them for two weeks.
Design a fitness routine for three days a week at home with no equipment.
How do I plan a successful first hackathon at my company?
Plan a day in Rome for someone who loves history and has only eight hours.
Create a checklist and timeline for applying to graduate schools.
Outline a go-to-market strategy for a new B2B SaaS product.
Plan the logistics for shipping products internationally for the first time.
`,
  ),
  ...lines(
    "writing",
    `
Write a short poem about autumn leaves falling in the city.
Draft a polite email to my landlord asking to fix the broken heater.
Write a 300-word short story about a robot who learns to paint.
Compose a cover letter for a junior marketing position.
Rewrite this paragraph to sound more professional and concise.
Write a blog post about the benefits of morning walks.
Write a persuasive essay arguing that cities should ban cars from downtown.
Compose a thank-you note to a colleague who helped me with a project.
Write a product description for a handmade leather wallet.
Write a limerick about a cat who loves lasagna.
Draft a LinkedIn post announcing my new job.
Write a speech for my sister's wedding, funny but heartfelt.
Create a catchy slogan for an eco-friendly water bottle brand.
Write a haiku about the ocean at night.
Rewrite the following text for a 10-year-old reader.
Write an opening paragraph for a mystery novel set in Venice.
Compose a formal letter of complaint about a delayed flight.
Write a tweet thread explaining why sleep matters.
Proofread and improve the grammar of my college application essay.
Write a eulogy for my grandfather who loved fishing and jazz.
Draft a press release announcing our company's new office in Berlin.
Write song lyrics about leaving home for the first time.
Write a bedtime story about a dragon who is afraid of the dark.
Compose an email to a client apologizing for a missed deadline.
Write a movie review of a fictional sci-fi film in the style of a newspaper critic.
Write a motivational message for a team after a tough quarter.
Make this paragraph more vivid and descriptive.
Write a personal statement for a nursing program.
Write an advertisement script for a 30-second radio spot for a pizza place.
Write a sonnet about lost love.
Rewrite this email so it sounds friendlier and less demanding.
Write a dialogue between two characters meeting on a train.
Compose a resignation letter that keeps good relations with my manager.
Write an article introduction about the future of remote work.
Write a fairy tale with a twist ending.
Draft a newsletter for our neighborhood association's spring update.
Write an engaging description for a travel vlog about Iceland.
Shorten this paragraph to under 50 words while keeping the meaning.
Write a children's rhyme to teach the days of the week.
Write a heartfelt birthday card message for my best friend.
Compose a short essay on the importance of reading fiction.
Write a scene where a detective confronts the culprit.
Write a funny out-of-office auto reply.
Paraphrase the following paragraph in your own words.
Write an invitation for a company holiday party.
Create a short bio for my author website, written in the third person.
Write a poem in the style of Emily Dickinson about a bee.
Draft talking points for a toast at a retirement party.
Write a letter to my future self to open in ten years.
Edit this story so the dialogue sounds more natural.
`,
  ),
  ...lines(
    "extraction",
    `
Extract all the names of people and organizations mentioned in the following article.
From the text below, list every date and the event that happened on it.
Pull out the product name, price and quantity from this order confirmation email and return JSON.
Extract the key action items and their owners from these meeting notes.
Given this resume, extract name, email, phone number, skills and years of experience as JSON.
Identify all the email addresses in the following text.
Read the review below and return the sentiment as positive, negative or neutral.
Extract the invoice number, total amount and due date from this invoice text.
List the ingredients and their quantities from the recipe below in a table.
Parse this log excerpt and extract the timestamps of all ERROR lines.
From the following job posting, extract the required skills and the salary range.
Return a CSV with columns city, country, population from the paragraph below.
Find all the monetary amounts mentioned in this contract clause.
Summarize the main points of the following passage in three bullet points.
Extract the questions the customer asked in this support chat transcript.
Identify the main character, the setting and the conflict in the following story excerpt.
From these product reviews, extract the features people complain about.
Extract the author, title and year of publication from each citation below.
Classify each of the following sentences as fact or opinion.
Extract the addresses from this list of contacts and normalize them.
Given the following table in text form, return the row with the highest revenue.
Pull the flight number, departure time and gate from this boarding pass text.
Tag each named entity in this sentence with its type: person, place, organization.
Extract the symptoms and medications mentioned in this patient note.
From this news article, identify which companies are mentioned and the stock tickers if given.
Convert the key facts of this paragraph into a JSON object with fields who, what, when, where.
List all URLs that appear in the text below.
Read the following passage and answer: which year did the company change its name?
Extract the phone numbers from this document and format them consistently.
Identify the topics discussed in each paragraph of the text below.
From the following bank statement lines, extract each transaction's date, payee and amount.
Extract the key terms and their definitions from this glossary text.
Given the following emails, list the sender and the request in each.
Return the top three keywords for each of the following abstracts.
Pull every hashtag and mention out of these tweets.
Extract the start and end dates and the parties from this lease agreement.
Identify the countries and their capitals mentioned in the passage, as a table.
From the following transcript, extract every decision that was made.
Which of the following customer messages are complaints? Return their ids.
Extract the chemical compounds mentioned in this lab report.
Extract the nutritional facts from this label text into JSON.
From the text below, list each book title with its author and the year it was published.
Count how many times each person is mentioned in the following text and return the counts.
Normalize these dates into ISO 8601 format: March 3rd 2021, 04/05/22, 7 Jan 1999.
Extract the specifications (weight, dimensions, battery life) from this product page.
Read these survey answers and extract the most common suggestions.
Find the sentences in this document that mention a deadline.
Identify the speaker of each line in the following play excerpt.
`,
  ),
  ...lines(
    "chat",
    `
Hi! How are you doing today?
Let's just chat. What did you think of the last movie you heard about?
Pretend you are a pirate captain and tell me about your ship.
I'm feeling a bit lonely tonight, can we talk?
Act as my personal fitness coach and motivate me to go for a run.
You are Sherlock Holmes. Greet me and deduce something about me.
What's your favorite color and why?
Tell me a joke about programmers.
Role-play as a barista taking my order at a busy coffee shop.
Imagine you are a medieval knight. How do you spend a typical day?
Good morning! Any fun plans for the weekend?
Can you be my friend for a while and talk about music?
Pretend to be a tour guide in ancient Rome showing me around the Forum.
Act like a grumpy cat that can talk.
I just got a promotion!! Celebrate with me.
What do you think about pineapple on pizza?
You're a famous chef on a cooking show. Introduce today's episode.
Let's play twenty questions. I'm thinking of an animal.
Talk to me like a supportive older sibling; I failed my driving test.
Embody a stand-up comedian and do a short bit about airports.
How was your day? Tell me something interesting.
Pretend you are an alien visiting Earth for the first time and describe what you see.
Act as a job interviewer and ask me the first question for a sales role.
I'm bored. Entertain me.
Be a wise old wizard and give me advice about courage.
Respond as if you were a sports commentator describing me making breakfast.
Can you pretend to be my grandmother telling me a story from her childhood?
Hey, do you like rainy days?
Play the role of a customer service agent; I'm returning a broken toaster.
Let's have a friendly debate about whether cats or dogs are better.
You are a detective in 1920s Chicago. Introduce yourself.
What would you do if you had a day off?
I'm nervous about my presentation tomorrow. Can you cheer me up?
Pretend you're my therapist and ask how my week went.
Channel a famous scientist and answer questions as them in first person.
Say something nice to brighten my day.
Act as a travel buddy sitting next to me on a long flight.
Talk like Shakespeare for the rest of our conversation.
Thanks for the help earlier, you're awesome!
Imagine you are a superhero who just lost their powers. How do you feel?
Let's pretend we're astronauts on Mars. What's our first task today?
Be a cheerful kindergarten teacher greeting the class.
Tell me about yourself. Who made you?
Pretend you're a stubborn old sailor and I'm trying to buy your boat.
Do you ever get tired of answering questions?
Act as my study buddy and quiz me casually.
Respond only as a character from a fantasy tavern; I walk in and sit down.
What's up? Any good news today?
hello
hi
hey there
Hello, who am I talking to?
yo, what's going on?
good evening!
thanks!
ok cool
`,
  ),
  ...lines(
    "other",
    `
Translate "Where is the train station?" into French, German and Spanish.
What is the capital of Australia?
Convert 72 degrees Fahrenheit to Celsius.
Recommend five science fiction novels for someone who liked Dune.
Who painted the Mona Lisa?
What does the word "ubiquitous" mean?
Translate this paragraph from Spanish to English.
What time zone is Tokyo in?
List ten common houseplants that are easy to care for.
How many ounces are in a pound?
Suggest a name for my new golden retriever puppy.
What year did the first moon landing happen?
Give me some good podcast recommendations about history.
What is the population of Canada roughly?
Spell "necessary" backwards.
Who wrote Pride and Prejudice?
What are some synonyms for happy?
Recommend a good laptop for video editing under $1500.
How do you say thank you in Japanese?
What is the boiling point of water at sea level?
Which planet is the largest in our solar system?
Give me a random fun fact.
What does HTTP stand for?
Translate "good luck" into Italian.
What are the opening hours usually for banks in Germany?
Recommend some board games for a family of four.
How many players are on a soccer team?
Is a tomato a fruit or a vegetable?
What is the chemical symbol for gold?
Suggest three movies to watch on a rainy Sunday.
Define the term photosynthesis in one sentence.
What is the tallest mountain in Africa?
Give me a list of countries in South America.
Convert 5 miles to kilometers.
Which language has the most native speakers?
What is the plural of cactus?
Recommend a beginner-friendly camera for travel photography.
What is the currency of Switzerland?
Who is the author of the Harry Potter books?
What does the abbreviation ETA mean?
Suggest a wine that goes with grilled salmon.
What is the meaning of the idiom "break the ice"?
How many continents are there and what are they?
Recommend some exercises for lower back pain relief.
What's a good gift for a coworker who likes tea?
`,
  ),
];
